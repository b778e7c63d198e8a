import { describe, expect, it } from 'vitest';
import { calibratedVoteText } from './calibrated-vote-text';

describe('calibrated vote text', () => {
  const classes = ['ham', 'spam'];
  it('says which decision the calibrated votes go by, and where it came from', () => {
    expect(calibratedVoteText(null, classes)).toBe('votes for the top class');
    expect(calibratedVoteText({ decision: { kind: 'threshold', positive: 1, threshold: 0.4123 }, how: 'restated' }, classes)).toBe(
      'votes by spam when its probability exceeds 0.412 (threshold tuned on dev), its dev-tuned decision restated for the temperature: the same labels as on its raw outputs',
    );
    expect(calibratedVoteText({ decision: { kind: 'weights', weights: [1, 2] }, how: 'retuned' }, classes)).toBe('votes by class weights tuned on dev (ham ×1.00, spam ×2.00), tuned again on the calibrated dev items');
    expect(calibratedVoteText({ decision: { kind: 'argmax' }, how: 'retuned' }, classes)).toBe('votes for the top class (tuning on the calibrated dev items kept it)');
  });
});
