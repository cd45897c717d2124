import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_YEARS, ENGLAND_BANK_HOLIDAYS, isBankHoliday } from '../../shared/domain/bank-holidays.js';
import { isWeekend, isWorkingDay, nextWorkingDay } from '../../shared/domain/dates.js';
import { windowSchema } from '../../shared/domain/challenge.js';

describe('bank holidays in England', () => {
  it('has eight per year, every one on a weekday (substitute days applied)', () => {
    for (let y = BANK_HOLIDAY_YEARS.first; y <= BANK_HOLIDAY_YEARS.last; y++) {
      const days = ENGLAND_BANK_HOLIDAYS[y]!;
      expect(days, String(y)).toHaveLength(8);
      for (const d of days) {
        expect(d.startsWith(String(y)), d).toBe(true);
        expect(isWeekend(d), d).toBe(false);
      }
    }
  });

  it('knows GOV.UK’s published dates, including a substitute Boxing Day', () => {
    expect(isBankHoliday('2026-12-28')).toBe(true); // Boxing Day 2026 is a Saturday
    expect(isBankHoliday('2026-12-26')).toBe(false);
    expect(isBankHoliday('2027-03-26')).toBe(true); // Good Friday 2027
    expect(isBankHoliday('2027-03-25')).toBe(false);
  });

  it('are not working days, so windows skip them', () => {
    expect(isWorkingDay('2027-05-03')).toBe(false);
    expect(nextWorkingDay('2027-04-30')).toBe('2027-05-04');
    const result = windowSchema.safeParse(['2027-04-30', '2027-05-03', '2027-05-04']);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/2027-05-03 is a bank holiday/);
    expect(windowSchema.safeParse(['2027-04-29', '2027-04-30', '2027-05-04']).success).toBe(true);
  });
});
