import type { ComponentType } from 'preact';
import type { DatasetSession } from '../../state/session';
import { SourcesTab } from '../weak/SourcesTab';
import { AnalysisTab } from '../weak/AnalysisTab';
import { LabelModelTab } from '../weak/LabelModelTab';
import { TeachersTab } from './teachers/TeachersTab';
import { CalibrationTab } from '../students/CalibrationTab';
import { CanaryTab } from '../students/CanaryTab';
import { StudentTab } from '../students/StudentTab';
import { ReviewTab } from '../review/ReviewTab';
import { LabelIssuesTab } from '../review/LabelIssuesTab';
import { CurateTab } from '../review/CurateTab';
import { SnapshotsTab } from '../snapshots/SnapshotsTab';
import { HistoryTab } from '../history/HistoryTab';
import { ActivityTab } from './ActivityTab';
import { DriftTab } from '../drift/DriftTab';
import { SlicesTab } from '../drift/SlicesTab';
import { ProfileTab } from '../table/ProfileTab';
import type { DatasetKind } from '../../../core/types';
import { FidelityTab } from '../fidelity/FidelityTab';
import { SyntheticTab } from '../fidelity/SyntheticTab';

/** A panel of the dataset view. Each capability (sources, label model, teachers…) adds one. */
export interface DatasetTab {
  id: string;
  title: string;
  component: ComponentType<{ session: DatasetSession }>;
  /** Only datasets of these kinds show the tab (all when absent). */
  kinds?: DatasetKind[];
}

export function tabsFor(kind: DatasetKind): DatasetTab[] {
  return extraTabs.filter((t) => !t.kinds || t.kinds.includes(kind));
}

/** Tabs after "Items", in order. Add a capability's tab here. */
export const extraTabs: DatasetTab[] = [
  { id: 'profile', title: 'Profile', component: ProfileTab, kinds: ['table'] },
  { id: 'sources', title: 'Sources', component: SourcesTab },
  { id: 'analysis', title: 'LF analysis', component: AnalysisTab },
  { id: 'teachers', title: 'Teachers', component: TeachersTab },
  { id: 'label-model', title: 'Label model', component: LabelModelTab },
  { id: 'review', title: 'Review', component: ReviewTab },
  { id: 'label-issues', title: 'Label issues', component: LabelIssuesTab },
  { id: 'curate', title: 'Curate', component: CurateTab },
  { id: 'calibration', title: 'Calibration', component: CalibrationTab },
  { id: 'students', title: 'Students', component: StudentTab },
  { id: 'canary', title: 'Canary report', component: CanaryTab },
  { id: 'slices', title: 'Slices', component: SlicesTab },
  { id: 'drift', title: 'Drift', component: DriftTab },
  { id: 'snapshots', title: 'Snapshots', component: SnapshotsTab },
  { id: 'history', title: 'History', component: HistoryTab },
  { id: 'synthetic', title: 'Synthetic', component: SyntheticTab },
  { id: 'fidelity', title: 'Fidelity', component: FidelityTab },
  { id: 'activity', title: 'Activity', component: ActivityTab },
];
