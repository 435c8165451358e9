import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workersWorthStarting } from '../../src/run/check-experiments.js';

describe('workersWorthStarting: when check --jobs N starts its worker processes', () => {
  it('waits for a second folder when the first was quick (its time is mostly engine start and warm-up)', () => {
    assert.equal(workersWorthStarting([600], 100), false);
    assert.equal(workersWorthStarting([], 100), false);
  });

  it('does not start workers for quick folders, whatever their number', () => {
    assert.equal(workersWorthStarting([600, 45, 50], 30), false, '30 × 45 ms = 1.35 s is less than a worker costs to start and repay');
    assert.equal(workersWorthStarting([600, 92, 71], 30), false, '30 × 71 ms = 2.1 s: 32 iris-sized folders stay in this process');
    assert.equal(workersWorthStarting([600, 50, 60], 120), false, '120 × 50 ms = 6 s: exactly at the threshold does not start them');
    assert.equal(workersWorthStarting([600, 50, 60], 121), true, '121 × 50 ms = 6.05 s does');
  });

  it('starts them after one slow folder when enough work is left', () => {
    assert.equal(workersWorthStarting([3000], 3), true, 'this process and a worker share 9 s of work');
    assert.equal(workersWorthStarting([3000], 2), false, '6 s: exactly at the threshold');
    assert.equal(workersWorthStarting([3000], 1), false, 'the last folder goes to this process: a worker would have nothing to do');
    assert.equal(workersWorthStarting([1600], 1), false);
  });

  it('times later folders by the fastest, so one slow outlier does not start workers', () => {
    assert.equal(workersWorthStarting([900, 5000, 40], 40), false);
  });
});
