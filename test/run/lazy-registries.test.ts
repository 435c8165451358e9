/** The lazy lookups (rules by check, static gatherers, formatter loaders) answer exactly as the full registries. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.js';
import { loadCheck } from '../../src/checks/load-check.js';
import { CHECK_IDS } from '../../src/report/types.js';
import { ARTIFACT_INPUTS, GATHERERS } from '../../src/gather/index.js';
import { gathererEntry, STATIC_GATHERERS } from '../../src/gather/static-gatherers.js';
import { FORMATS, loadFormatter } from '../../src/report/formats.js';
import { FORMATTERS } from '../../src/report/formatters/index.js';
import { ruleLookup } from '../../src/rules/groups/lookup.js';
import { getRule } from '../../src/rules/index.js';
import type { ArtifactName } from '../../src/gather/artifacts.js';
import type { RuleId } from '../../src/rules/rule-ids.js';

describe('ruleLookup', () => {
  for (const check of Object.values(CHECKS)) {
    it(`gives ${check!.meta.id}'s rules exactly as the registry does`, async () => {
      const lookup = await ruleLookup(check!.rules, [check!.meta.id]);
      for (const id of check!.rules) assert.equal(lookup(id), getRule(id), id);
    });
  }

  it('loads only the class-balance group for class-balance, and refuses ids it was not asked for', async () => {
    const lookup = await ruleLookup(CHECKS['class-balance']!.rules, ['class-balance']);
    assert.notEqual(lookup, getRule);
    assert.throws(() => lookup('unscaled-inputs'), /not loaded/);
  });

  it('falls back to the whole registry when a wanted rule is outside the checks\' groups', async () => {
    const lookup = await ruleLookup([...CHECKS['class-balance']!.rules, 'unscaled-inputs', 'no-such-rule'], ['class-balance']);
    assert.equal(lookup, getRule);
    assert.equal(lookup('unscaled-inputs'), getRule('unscaled-inputs'));
    assert.equal(lookup('no-such-rule' as RuleId), undefined);
  });

  it('falls back to the whole registry for a check without a group', async () => {
    assert.equal(await ruleLookup(['class-imbalance'], ['class-balance', 'no-such-check']), getRule);
  });
});

describe('loadCheck', () => {
  it('loads the registered check object for every check id', async () => {
    for (const id of CHECK_IDS) assert.equal(await loadCheck(id), CHECKS[id], id);
  });
});

describe('gathererEntry', () => {
  it('gives every artifact the inputs of the full registry, and the same gatherer for the other areas\' artifacts', async () => {
    for (const name of Object.keys(GATHERERS) as ArtifactName[]) {
      const entry = await gathererEntry(name);
      assert.deepEqual(entry.inputs, ARTIFACT_INPUTS[name], name);
      if (!(name in STATIC_GATHERERS)) assert.equal(entry.gather, GATHERERS[name], name);
    }
  });
});

describe('formats', () => {
  it('lists the formatters in FORMATTERS order, and loads the same functions', async () => {
    assert.deepEqual([...FORMATS], Object.keys(FORMATTERS));
    for (const format of FORMATS) assert.equal(await loadFormatter(format), FORMATTERS[format], format);
  });
});
