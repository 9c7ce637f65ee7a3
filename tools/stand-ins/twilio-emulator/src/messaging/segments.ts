// GSM 03.38 basic set and extension table: text in it packs 160 characters a segment, anything else is UCS-2.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** How many SMS segments Twilio bills a body as. */
export function countSegments(body: string): number {
  const characters = [...body];
  const isGsm = characters.every((c) => GSM_BASIC.includes(c) || GSM_EXTENSION.includes(c));
  if (isGsm) {
    const septets = characters.reduce((total, c) => total + (GSM_EXTENSION.includes(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = body.length; // UTF-16 code units, as UCS-2 counts them
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
