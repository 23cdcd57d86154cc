"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { deletePayment, recordPayment } from "@/lib/data/grants/payments";
import { recordSpending } from "@/lib/data/grants/spending";
import { saveAgreement, saveAgreementAmounts } from "@/lib/data/grants/agreements";
import { saveSettlement } from "@/lib/data/grants/settlement";
import { runAction } from "@/lib/server/run-action";
import {
  agreementAmountsSchema, agreementSchema, paymentSchema, removeGrantRowSchema, settlementSchema, spendingSchema,
} from "@/lib/validations/grants";

// Server actions of the grant page. Each is thin: parse with the form's schema, check the role
// here, let the data layer check the project's scope and version, revalidate, answer in the
// user's language.

async function done(key: "agreementSaved" | "amountsSaved" | "paymentSaved" | "paymentDeleted" | "spendingSaved" | "settlementSaved"): Promise<ActionState> {
  revalidatePath("/[locale]", "layout");
  const t = await getTranslations("grants");
  return { ok: true, message: t(key) };
}

export async function saveAgreementAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(agreementSchema, form, async (input) => {
    await saveAgreement(await requireActor("agreement.write"), input);
    return done("agreementSaved");
  }, "saveAgreement");
}

export async function saveAgreementAmountsAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(agreementAmountsSchema, form, async (input) => {
    await saveAgreementAmounts(await requireActor("agreement.write"), input);
    return done("amountsSaved");
  }, "saveAgreementAmounts");
}

export async function recordPaymentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(paymentSchema, form, async (input) => {
    await recordPayment(await requireActor("payment.write"), input);
    return done("paymentSaved");
  }, "recordPayment");
}

export async function deletePaymentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeGrantRowSchema, form, async (input) => {
    await deletePayment(await requireActor("payment.write"), input);
    return done("paymentDeleted");
  }, "deletePayment");
}

export async function recordSpendingAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(spendingSchema, form, async (input) => {
    await recordSpending(await requireActor("spending.write"), input);
    return done("spendingSaved");
  }, "recordSpending");
}

export async function saveSettlementAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(settlementSchema, form, async (input) => {
    await saveSettlement(await requireActor("settlement.write"), input);
    return done("settlementSaved");
  }, "saveSettlement");
}
