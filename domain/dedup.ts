/** Why a downloaded image is not kept, or null to accept it. Pure: runs inside the workflow. */
export function duplicateOf(sha256: string, accepted: readonly { sha256: string }[]): string | null {
  return accepted.some((a) => a.sha256 === sha256) ? `identical to ${sha256.slice(0, 12)}… already selected` : null;
}
