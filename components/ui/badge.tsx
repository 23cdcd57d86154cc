import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { MILESTONE_STATUSES, ProjectStatus } from "@/lib/domain/enums";

export type BadgeTone = "gray" | "primary" | "secondary" | "success" | "warning" | "danger" | "information";

export type BadgeProps = {
  tone?: BadgeTone;
  size?: "md" | "sm";
  /** Hide the leading dot (e.g. for neutral tags). */
  plain?: boolean;
  className?: string;
  children: ReactNode;
};

/** A small label. Its text carries the meaning; the tone only repeats it. */
export function Badge({ tone = "gray", size = "md", plain = false, className, children }: BadgeProps) {
  const classes = ["badge", `badge--${tone}`];
  if (size === "sm") classes.push("badge--sm");
  if (plain) classes.push("badge--plain");
  if (className) classes.push(className);
  return <span className={classes.join(" ")}>{children}</span>;
}

export type ProjectStatusValue = ProjectStatus;
export type MilestoneStatusValue = (typeof MILESTONE_STATUSES)[number];

const PROJECT_STATUS_TONE: Record<ProjectStatusValue, BadgeTone> = {
  PLANNED: "secondary",
  ACTIVE: "primary",
  COMPLETED: "success",
  SUSPENDED: "warning",
  TERMINATED: "danger",
};

const MILESTONE_STATUS_TONE: Record<MilestoneStatusValue, BadgeTone> = {
  PLANNED: "gray",
  IN_PROGRESS: "primary",
  ACHIEVED: "success",
  MISSED: "danger",
  DEFERRED: "warning",
};

/** Project status with its label from the shared enum strings (messages: enums.status.*). */
export function ProjectStatusBadge({ status, size }: { status: ProjectStatusValue; size?: "md" | "sm" }) {
  const t = useTranslations("enums.status");
  return (
    <Badge tone={PROJECT_STATUS_TONE[status]} size={size}>
      {t(status)}
    </Badge>
  );
}

/** Milestone status with its label from the shared enum strings (messages: enums.milestoneStatus.*). */
export function MilestoneStatusBadge({ status, size }: { status: MilestoneStatusValue; size?: "md" | "sm" }) {
  const t = useTranslations("enums.milestoneStatus");
  return (
    <Badge tone={MILESTONE_STATUS_TONE[status]} size={size}>
      {t(status)}
    </Badge>
  );
}

/** Class for a timeline item of a milestone: timeline__item timeline__item--achieved, etc. */
export function timelineItemClass(status: MilestoneStatusValue): string {
  return `timeline__item timeline__item--${status.toLowerCase().replace("_", "-")}`;
}
