import { isFinalMessageStatus, MESSAGE_STATUS_RANK, MESSAGE_STATUSES } from './message-delivery';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, optOutChangeOf } from './opt-outs';

describe('message status ranks', () => {
  it('orders the life of a message: queued < sending < sent < the final statuses < read', () => {
    const rank = MESSAGE_STATUS_RANK;
    expect(rank.accepted).toBeLessThan(rank.queued);
    expect(rank.queued).toBeLessThan(rank.sending);
    expect(rank.sending).toBeLessThan(rank.sent);
    for (const final of ['delivered', 'undelivered', 'failed'] as const) {
      expect(rank.sent).toBeLessThan(rank[final]);
      expect(rank[final]).toBe(rank.delivered);
      expect(isFinalMessageStatus(final)).toBe(true);
    }
    expect(rank.delivered).toBeLessThan(rank.read);
    expect(MESSAGE_STATUSES.filter((status) => !isFinalMessageStatus(status))).toEqual(['accepted', 'scheduled', 'queued', 'sending', 'sent']);
  });
});

describe(optOutChangeOf.name, () => {
  it.each([...OPT_OUT_KEYWORDS])('%s (any case, spaces around) opts out', (keyword) => {
    expect(optOutChangeOf(keyword)).toBe('opt_out');
    expect(optOutChangeOf(`  ${keyword.toLowerCase()}\n`)).toBe('opt_out');
  });

  it.each([...OPT_IN_KEYWORDS])('%s opts in', (keyword) => {
    expect(optOutChangeOf(keyword.toLowerCase())).toBe('opt_in');
  });

  it('takes the whole message only: "STOP please", HELP and other text change nothing', () => {
    for (const body of ['STOP please', 'please stop', 'HELP', 'INFO', '', null, undefined]) expect(optOutChangeOf(body)).toBeNull();
  });

  it("follows Advanced Opt-Out's OptOutType over the body (custom keywords)", () => {
    expect(optOutChangeOf('arrête', 'STOP')).toBe('opt_out');
    expect(optOutChangeOf('STOP', 'HELP')).toBeNull();
    expect(optOutChangeOf('reprendre', 'start')).toBe('opt_in');
    expect(optOutChangeOf('STOP', '')).toBe('opt_out');
  });
});
