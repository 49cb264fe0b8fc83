import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { capitalise, capitalisedCommonWord, list, phrase, punctuate, question, sentence } from '../src/text/compose.js';
import { registerComposeHelpers } from '../src/text/helpers.js';

describe('punctuate', () => {
  it.each([
    ['Acme Corp', '.', 'Acme Corp.'],
    ['Acme Inc.', '.', 'Acme Inc.'],
    ['Kōbe Seiki K.K.', '.', 'Kōbe Seiki K.K.'],
    ['Banco Andino S.A.', '.', 'Banco Andino S.A.'],
    ['Harlow & Finch Ltd.', '.', 'Harlow & Finch Ltd.'],
    ['Acme Inc.', ',', 'Acme Inc.,'],
    ['Ms. Santos,', ',', 'Ms. Santos,'],
    ['Ms. Santos', ',', 'Ms. Santos,'],
    ['the next curriculum?', '.', 'the next curriculum?'],
    ['the next curriculum?', ',', 'the next curriculum?'],
    ['Yahoo!', '.', 'Yahoo!'],
    ['in March.', '.', 'in March.'],
    ['in March.', ',', 'in March,'],
    ['in March;', '.', 'in March.'],
    ['in March:', ',', 'in March,'],
    ['What is the bonus.', '?', 'What is the bonus?'],
    ['What is the bonus?', '?', 'What is the bonus?'],
    ['Does it include Acme Inc.', '?', 'Does it include Acme Inc.?'],
    ['She said "yes."', '.', 'She said "yes."'],
    ['It went well (mostly).', '.', 'It went well (mostly).'],
    ['a  gap   here ', '.', 'a gap here.'],
    ['Ms..,', '.', 'Ms.'],
    ['really?.', '.', 'really?'],
    ['and so on....', ',', 'and so on...'],
    ['the budget .', '.', 'the budget.'],
  ])('%j + %j → %j', (text, mark, expected) => {
    expect(punctuate(text, mark)).toBe(expected);
  });
});

describe('phrase', () => {
  it.each([
    ['the Joint Commission survey in March.', 'the Joint Commission survey in March'],
    ['Acme Inc.', 'Acme Inc.'],
    ['Kōbe Seiki K.K.', 'Kōbe Seiki K.K.'],
    ['documenting the deploy pipeline;', 'documenting the deploy pipeline'],
    ['two remote days a week.,', 'two remote days a week'],
    ['is it remote?', 'is it remote'],
    ['the next curriculum?', 'the next curriculum'],
    ['Yahoo!', 'Yahoo!'],
    ['and so on...', 'and so on...'],
    ['vitamin D.', 'vitamin D'],
    ['Senior Firmware Eng.', 'Senior Firmware Eng.'],
    ['TIG welder (EN ISO 9606-1 cert.)', 'TIG welder (EN ISO 9606-1 cert.)'],
  ])('%j → %j', (text, expected) => {
    expect(phrase(text)).toBe(expected);
  });
});

describe('sentences and questions', () => {
  it.each([
    ['i have taught for ten years', 'I have taught for ten years.'],
    ['iOS and backend work are my focus', 'iOS and backend work are my focus.'],
    ['eBay taught me scale.', 'eBay taught me scale.'],
    ['macOS tooling is my favourite!', 'macOS tooling is my favourite!'],
    ['Leading the billing migration taught me a lot', 'Leading the billing migration taught me a lot.'],
    ['"quality first" is how I work.', '"Quality first" is how I work.'],
    ['I worked at Acme Inc.', 'I worked at Acme Inc.'],
  ])('sentence %j → %j', (text, expected) => {
    expect(sentence(text)).toBe(expected);
  });

  it.each([
    ['how is the bonus calculated', 'How is the bonus calculated?'],
    ['how is the bonus calculated.', 'How is the bonus calculated?'],
    ['Is there a relocation package?', 'Is there a relocation package?'],
    ['iOS devices provided?', 'iOS devices provided?'],
  ])('question %j → %j', (text, expected) => {
    expect(question(text)).toBe(expected);
  });

  it('capitalises only an all-lower-case first word', () => {
    expect(capitalise('senior nurse')).toBe('Senior nurse');
    expect(capitalise('eBay seller support')).toBe('eBay seller support');
    expect(capitalise('.NET developer')).toBe('.NET developer');
  });
});

describe('lists', () => {
  it('joins as the locale writes a list, each item without its full stop', () => {
    expect(list(['the on-call rotation.', 'Acme Inc.', 'the move to one pipeline.'], 'en-GB')).toBe(
      'the on-call rotation, Acme Inc. and the move to one pipeline',
    );
    expect(list(['A', 'B', 'C'], 'en-US')).toBe('A, B, and C');
    expect(list(['A.', 'B.'], 'en-GB', '.')).toBe('A and B.');
    expect(list(['A', 'B'], 'en-GB', '', 'disjunction')).toBe('A or B');
    expect(list([], 'en-GB')).toBe('');
  });
});

describe('capitalised common words mid-sentence', () => {
  it.each([
    ['Documenting patient recall procedures', 'Documenting'],
    ['A relocation allowance', 'A'],
    ['The Joint Commission survey', 'The'],
  ])('%j names %j', (text, word) => {
    expect(capitalisedCommonWord(text)).toBe(word);
  });

  it.each(['Kubernetes upgrades', 'Spring Boot services', 'Reading Festival logistics', 'Beijing office', 'I want', 'iOS work', 'the MSN'])(
    'leaves %j alone',
    (text) => {
      expect(capitalisedCommonWord(text)).toBeUndefined();
    },
  );
});

describe('the Handlebars helpers', () => {
  const hb = Handlebars.create();
  registerComposeHelpers(hb);
  const run = (source: string, view: object) => hb.compile(source, { strict: true, noEscape: true })(view);

  it('compose a sentence from typed values, as a template writes it', () => {
    const view = {
      locale: 'en-US',
      company: 'Acme Inc.',
      name: 'Ms. Santos,',
      items: ['a.', 'b'],
      q: 'is it remote',
      fit: 'iOS is my focus',
    };
    expect(run('Dear {{phrase name ","}} I enjoyed meeting {{phrase company "."}} {{sentence fit}} {{question q}}', view)).toBe(
      'Dear Ms. Santos, I enjoyed meeting Acme Inc. iOS is my focus. Is it remote?',
    );
    expect(run('We discussed {{list items "."}}', view)).toBe('We discussed a and b.');
    expect(run('{{list items "." or=true}}', view)).toBe('a or b.');
  });

  it('choose the phrasing of the person, first by default', () => {
    const source = '{{#variant 1}}one{{else variant 2 4}}two or four{{else}}three{{/variant}}';
    expect(run(source, {})).toBe('one');
    expect(run(source, { phrasing: 2 })).toBe('two or four');
    expect(run(source, { phrasing: 3 })).toBe('three');
    expect(run(source, { phrasing: 4 })).toBe('two or four');
  });

  it('escape in HTML like any value', () => {
    const html = Handlebars.create();
    registerComposeHelpers(html);
    expect(html.compile('{{sentence x}}', { strict: true })({ x: 'r&d <b>' })).toBe('R&amp;d &lt;b&gt;.');
  });

  it('refuse what is not text, and a mark that is not punctuation, with a message naming the helper', () => {
    expect(() => run('{{sentence x}}', { x: ['a'] })).toThrow('{{sentence}} takes text; it was given a list');
    expect(() => run('{{list x}}', { x: 'a' })).toThrow('{{list}} takes a list of text');
    expect(() => run('{{phrase x "constructor"}}', { x: 'a' })).toThrow('must be one of');
    expect(() => run('{{#variant 9}}x{{/variant}}', {})).toThrow('from 1 to 4');
  });

  it('reach no prototype through the view', () => {
    expect(() => run('{{phrase x.constructor.name}}', { x: 'a' })).toThrow();
    const loose = Handlebars.create();
    registerComposeHelpers(loose);
    expect(loose.compile('[{{phrase x.constructor}}]')({ x: 'a' })).toBe('[]');
    expect(run('{{list items}}', { items: ['a'], __proto__: { locale: 'xx' } })).toBe('a');
  });
});
