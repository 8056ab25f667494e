// Kubernetes metadata from the stack's ephemeral.* labels. A label value holds at most 63
// characters of [A-Za-z0-9._-], beginning and ending alphanumeric; the raw branch name or
// an ISO expiry often does not fit, so what a label cannot hold goes in an annotation of
// the same key (DESIGN: "values that labels cannot hold go in annotations").
export interface KubernetesMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const labelValue = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

export function isLabelValue(value: string): boolean {
  return labelValue.test(value);
}

/** Every entry lands in exactly one of the two maps, under its own key. */
export function splitStackLabels(stackLabels: Record<string, string>): KubernetesMetadata {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(stackLabels)) {
    if (isLabelValue(value)) labels[key] = value;
    else annotations[key] = value;
  }
  return { labels, annotations };
}
