import t from 'tap';
import { checkDigit, generateIin, isValidBin, parseBin, parseIin } from '../../src/core/iin.js';

t.test('the published IIN samples validate, with birth date and sex read from them', async (t) => {
  const samples: [string, string, 'male' | 'female'][] = [
    ['900115300013', '1990-01-15', 'male'],
    ['850720400017', '1985-07-20', 'female'],
    ['051230500015', '2005-12-30', 'male'],
    ['000301600015', '2000-03-01', 'female'],
  ];
  for (const [iin, birthDate, sex] of samples) {
    const parsed = parseIin(iin);
    t.ok(parsed.ok, `${iin} is valid`);
    if (parsed.ok) t.same({ birthDate: parsed.value.birthDate, sex: parsed.value.sex }, { birthDate, sex }, iin);
  }
});

t.test('900115300401 needs the second weight pass and is valid', async (t) => {
  t.equal(checkDigit('90011530040'), 1);
  t.ok(parseIin('900115300401').ok);
});

t.test('90011530120x can never be issued: both passes give 10', async (t) => {
  t.equal(checkDigit('90011530120'), null);
  for (let d = 0; d <= 9; d++) {
    const parsed = parseIin(`90011530120${d}`);
    t.equal(parsed.ok ? 'valid' : parsed.fault, 'NEVER_ISSUED', `90011530120${d}`);
  }
});

t.test('malformed IINs are refused with the rule they break', async (t) => {
  const cases: [string, string][] = [
    ['90011530001', 'NOT_12_DIGITS'],
    ['9001153000133', 'NOT_12_DIGITS'],
    ['90011530001a', 'NOT_12_DIGITS'],
    ['900115300014', 'CHECK_DIGIT'],
    ['900115700013', 'CENTURY_SEX_DIGIT'],
    ['900115000013', 'CENTURY_SEX_DIGIT'],
    ['900230300013', 'BIRTH_DATE'],
    ['901315300013', 'BIRTH_DATE'],
  ];
  for (const [iin, fault] of cases) {
    const parsed = parseIin(iin);
    t.equal(parsed.ok ? 'valid' : parsed.fault, fault, iin);
  }
  t.equal(parseIin('NCA test IIN123456789011'.slice(-12)).ok, false, 'the NCA SDK test IIN fails the checksum');
});

t.test('a 29 February birth date is real only in a leap year', async (t) => {
  t.ok(parseIin(generateIin('2000-02-29', 'female')).ok);
  t.throws(() => generateIin('2001-02-29', 'female'), RangeError);
});

t.test('generated IINs are valid and encode the birth date and sex asked for', async (t) => {
  for (const [date, sex] of [
    ['1899-12-31', 'male'],
    ['1954-06-01', 'female'],
    ['2019-11-23', 'male'],
  ] as const) {
    for (let serial = 1; serial < 300; serial += 37) {
      const iin = generateIin(date, sex, serial);
      const parsed = parseIin(iin);
      t.ok(parsed.ok, iin);
      if (parsed.ok) t.same([parsed.value.birthDate, parsed.value.sex], [date, sex]);
    }
  }
});

t.test('the published BIN samples validate; a bad type digit or checksum is refused', async (t) => {
  for (const bin of ['960640000436', '940140000385', '981140001105']) t.ok(isValidBin(bin), bin);
  const parsed = parseBin('960640000436');
  t.match(parsed, { ok: true, value: { entityType: 'resident legal entity', division: 'head office', registrationMonth: '1996-06' } });
  t.match(parseBin('960670000436'), { ok: false, fault: 'BIN_TYPE_DIGIT' });
  t.match(parseBin('960640000437'), { ok: false, fault: 'CHECK_DIGIT' });
  t.match(parseBin('961340000436'), { ok: false, fault: 'BIN_MONTH' });
  t.equal(isValidBin('123456789021'), false, 'the NCA SDK test BIN fails');
});
