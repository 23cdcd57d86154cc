import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

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

/** Same values as the Prisma enum ProjectStatus. */
export type ProjectStatusValue = "PLANNED" | "ACTIVE" | "COMPLETED" | "SUSPENDED" | "TERMINATED";
/** Same values as the Prisma enum MilestoneStatus. */
export type MilestoneStatusValue = "PLANNED" | "IN_PROGRESS" | "ACHIEVED" | "MISSED" | "DEFERRED";

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

/** Project status with its localized label (messages: ui.projectStatus.*). */
export function ProjectStatusBadge({ status, size }: { status: ProjectStatusValue; size?: "md" | "sm" }) {
  const t = useTranslations("ui.projectStatus");
  return (
    <Badge tone={PROJECT_STATUS_TONE[status]} size={size}>
      {t(status)}
    </Badge>
  );
}

/** Milestone status with its localized label (messages: ui.milestoneStatus.*). */
export function MilestoneStatusBadge({ status, size }: { status: MilestoneStatusValue; size?: "md" | "sm" }) {
  const t = useTranslations("ui.milestoneStatus");
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
