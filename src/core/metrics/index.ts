// Calibration metrics (ECE, Brier, reliability) live in ../calibration; these are the label-quality ones.
export * from './classification';
export * from './selection';
