import type { ComponentType } from 'preact';
import type { DatasetSession } from '../../state/session';
import { CalibrationTab } from '../students/CalibrationTab';
import { CanaryTab } from '../students/CanaryTab';
import { StudentTab } from '../students/StudentTab';

/** A panel of the dataset view. Each capability (sources, label model, teachers…) adds one. */
export interface DatasetTab {
  id: string;
  title: string;
  component: ComponentType<{ session: DatasetSession }>;
}

/** Tabs after "Items", in order. Add a capability's tab here. */
export const extraTabs: DatasetTab[] = [
  { id: 'calibration', title: 'Calibration', component: CalibrationTab },
  { id: 'students', title: 'Students', component: StudentTab },
  { id: 'canary', title: 'Canary report', component: CanaryTab },
];
