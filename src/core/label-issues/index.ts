export { computeConfidentJoint, calibrateConfidentJoint, confidentThresholds, type ConfidentJoint } from './confident-joint';
export { findLabelIssues, keepAtLeastNPerClass, type LabelIssueOptions, type LabelIssues } from './find';
export { labelQualityScores, rankAscending, type QualityMethod } from './rank';
export { roundHalfEven, roundPreservingSum } from './rounding';
export { labelCounts, validateLabeledProbs, ROW_SUM_TOLERANCE, type LabeledProbs } from './types';
