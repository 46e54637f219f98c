import { InputError } from "./errors";

/** What the handler was asked to do. */
export interface ParsedEvent {
  /** Send the summary to SNS even when there are no findings. */
  sendFullReport: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Accepts `{}`, an EventBridge scheduled event, or `{ "send_full_report": boolean }`;
 * rejects anything else with an {@link InputError}.
 */
export function parseEvent(event: unknown): ParsedEvent {
  if (event === undefined || event === null) return { sendFullReport: false };
  if (!isPlainObject(event)) {
    throw new InputError("event", event, 'must be {}, an EventBridge scheduled event or {"send_full_report": true}');
  }
  if ("source" in event || "detail-type" in event) {
    if (event.source !== "aws.events" || event["detail-type"] !== "Scheduled Event") {
      throw new InputError(
        "event",
        { source: event.source, "detail-type": event["detail-type"] },
        'EventBridge events must be scheduled events (source "aws.events", detail-type "Scheduled Event")',
      );
    }
    return { sendFullReport: false };
  }
  const unknown = Object.keys(event).filter((k) => k !== "send_full_report");
  if (unknown.length > 0) {
    throw new InputError(`event.${unknown[0]}`, event[unknown[0]!], 'the only accepted field is "send_full_report"');
  }
  const flag = event.send_full_report;
  if (flag !== undefined && typeof flag !== "boolean") {
    throw new InputError("event.send_full_report", flag, "must be true or false");
  }
  return { sendFullReport: flag === true };
}
