import type { ComponentType } from 'preact';
import type { DatasetSession } from '../../state/session';
import { TeachersTab } from './teachers/TeachersTab';

/** A panel of the dataset view. Each capability (sources, label model, teachers…) adds one. */
export interface DatasetTab {
  id: string;
  title: string;
  component: ComponentType<{ session: DatasetSession }>;
}

/** Tabs after "Items", in order. Add a capability's tab here. */
export const extraTabs: DatasetTab[] = [{ id: 'teachers', title: 'Teachers', component: TeachersTab }];
