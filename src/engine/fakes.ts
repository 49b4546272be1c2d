// Tokens made by `keyscan fake`: the provider's real shape with a reserved marker inside the random part,
// so they can never be live and keyscan never reports them. Pure.

/**
 * The markers, one per character class a format may allow: the first that fits the format is used. A real
 * random token holds one of them with negligible probability (ten given digits in a 40-character token:
 * about 31 × 62⁻¹⁰; eleven given letters: about 30 × 26⁻¹¹).
 */
export const FAKE_MARKERS = ['2718281828', 'KEYSCANFAKE', 'keyscanfake', 'KeyscanFake'] as const;

const WORD_MARKER = /keyscanfake/i;

/** Does this secret carry the `keyscan fake` marker? */
export function isKeyscanFake(secret: string): boolean {
  return secret.includes(FAKE_MARKERS[0]) || WORD_MARKER.test(secret);
}
