import * as z from "zod/mini";
import { COMPUTE_TYPES, familyOf } from "../modules/compute-types";
import { scheduleExpression, scheduleProblem, type ScheduleRules } from "./schedule-expression";

/**
 * The `images` section: custom image pipelines. Each turns a builder desktop (one of `desktops.users`) into a
 * custom WorkSpaces image and bundle on a schedule (see modules/image-pipeline.ts).
 */

/**
 * The image is named `<name>-<yyyy-MM-dd_HH.mm.ss>` (Automation's `global:DATE_TIME`): image and bundle names allow
 * at most 64 characters of `a-zA-Z0-9_./()-` (WorkSpaces API, CreateWorkspaceImage and CreateWorkspaceBundle), so the
 * name keeps 20 characters free for the suffix.
 */
export const MAX_IMAGE_NAME_LENGTH = 44;

// WorkSpaces' pattern for image and bundle descriptions (CreateWorkspaceBundle allows 255 characters, images 256).
const DESCRIPTION = /^[a-zA-Z0-9_./() -]{1,255}$/;

/** What the pipeline does to the builder before imaging it. */
export const IMAGE_UPDATE_MODES = ["none", "reboot", "patch"] as const;

/** Image creation alone takes 45 minutes or more: a pipeline run more than once a day would overlap itself. */
export const IMAGE_SCHEDULE_RULES: ScheduleRules = { oneTime: true, atMostDaily: true };

/** Why `expression` is not a schedule an image pipeline may have, or undefined when it is one. */
export const imageScheduleProblem = (expression: string) => scheduleProblem(expression, IMAGE_SCHEDULE_RULES);

const imageSchema = z.strictObject({
  name: z.string().check(
    z.regex(new RegExp(`^[a-zA-Z0-9_./()-]{1,${MAX_IMAGE_NAME_LENGTH}}$`), {
      message: `is not a valid bundle name here: 1–${MAX_IMAGE_NAME_LENGTH} letters, digits or _ . / ( ) - (the image name adds a 20-character date to it; WorkSpaces allows 64)`,
    }),
    z.describe(
      `The custom bundle's name and the prefix of each image's name; required; 1–${MAX_IMAGE_NAME_LENGTH} letters, digits or _ . / ( ) -, unique.`,
    ),
  ),
  builderUser: z
    .string()
    .check(
      z.minLength(1),
      z.describe(
        "The desktops.users entry whose WorkSpace is the image builder (created without volume encryption); required; one image per builder.",
      ),
    ),
  schedule: scheduleExpression(IMAGE_SCHEDULE_RULES).check(
    z.describe(
      "When the pipeline runs, in UTC: an EventBridge Scheduler expression running at most once a day: cron(…) with 6 fields and one minute and one hour, rate(…) of at least a day, or at(yyyy-mm-ddThh:mm:ss); required.",
    ),
  ),
  description: z.optional(
    z
      .string()
      .check(
        z.regex(DESCRIPTION, { message: "must be 1–255 letters, digits, spaces or _ . / ( ) - (the characters WorkSpaces allows)" }),
        z.describe('Description of the image and bundle; default: "<name> custom image"; 1–255 letters, digits, spaces or _ . / ( ) -.'),
      ),
  ),
  computeType: z.optional(
    z
      .enum(COMPUTE_TYPES)
      .check(
        z.describe(
          "The bundle's compute type; default: the builder's; must be of the builder's hardware family (no GPU type from a Standard builder).",
        ),
      ),
  ),
  update: z
    ._default(z.enum(IMAGE_UPDATE_MODES), "reboot")
    .check(
      z.describe(
        "Before imaging: reboot (default: finishes updates Windows installed in the maintenance window), patch (AWS-RunPatchBaseline through SSM, needs the SSM agent with a hybrid activation on the builder) or none.",
      ),
    ),
});

export const imagesSchema = z
  ._default(z.array(imageSchema), [])
  .check(z.describe("Custom image pipelines: each turns a builder desktop into a custom image and bundle on a schedule; default none."));

type Issue = { path: (string | number)[]; message: string };
type ImageInput = { name?: unknown; builderUser?: unknown; computeType?: unknown };

/** Checks of `images` against each other and against `desktops.users` (the builders). */
export function imagesIssues(config: {
  images?: readonly ImageInput[];
  desktops?: { users?: readonly { userName: string; computeType: string }[] };
}): Issue[] {
  const images = config.images ?? [];
  const users = config.desktops?.users ?? [];
  const issues: Issue[] = [];
  const firstByName = new Map<string, number>();
  const firstByBuilder = new Map<string, number>();
  images.forEach((image, index) => {
    if (typeof image.name === "string") {
      const first = firstByName.get(image.name.toLowerCase());
      if (first !== undefined)
        issues.push({ path: ["images", index, "name"], message: `is already the name of images[${first}]: bundle names are unique in the account` });
      else firstByName.set(image.name.toLowerCase(), index);
    }
    if (typeof image.builderUser !== "string") return;
    const builder = users.find((user) => user.userName === image.builderUser);
    if (!builder) {
      const known = users.map((user) => user.userName).join(", ") || "none";
      issues.push({
        path: ["images", index, "builderUser"],
        message: `is not one of desktops.users (${known}): the builder is a desktop of this deployment`,
      });
      return;
    }
    const first = firstByBuilder.get(image.builderUser);
    if (first !== undefined)
      issues.push({
        path: ["images", index, "builderUser"],
        message: `already builds images[${first}]: one image per builder, so that two pipelines never image one desktop at once`,
      });
    else firstByBuilder.set(image.builderUser, index);
    if (typeof image.computeType === "string" && familyOf(image.computeType) !== familyOf(builder.computeType)) {
      issues.push({
        path: ["images", index, "computeType"],
        message: `is not of the builder's hardware family (${builder.computeType}): an image runs only on compute types of the family it was built on`,
      });
    }
  });
  return issues;
}
