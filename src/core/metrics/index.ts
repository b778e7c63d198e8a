// Calibration metrics (ECE, Brier, reliability bins) will sit beside these in ./calibration.
export * from './classification';
