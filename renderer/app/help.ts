/**
 * The help panel of each screen: what it shows, what each action does and who may do it. All the words
 * are here, one entry per route id, so they can move into a message catalogue as they are. "Who" names
 * the roles the core accepts for the action (shared/contract access lists); the screens only follow it.
 */
export interface ScreenHelp {
  readonly title: string;
  readonly shows: string;
  readonly actions: readonly { readonly action: string; readonly does: string; readonly who: string }[];
}

export const HELP_TEXT = {
  button: 'Help',
  close: 'Close help',
  showsHeading: 'What this screen shows',
  actionsHeading: 'What you can do here',
  colAction: 'Action',
  colDoes: 'What it does',
  colWho: 'Who may do it',
  noActions: 'Nothing can be changed on this screen; everyone may look.',
  alarmsNote:
    'The alarm summary at the top of every screen counts the alarms the Alerts screen lists, by priority: P1 red diamond, P2 orange triangle, P3 yellow square, P4 blue circle. Click it to open the Alerts screen.',
} as const;

const ANYONE = 'Everyone, also without signing in';

export const SCREEN_HELP: Readonly<Record<string, ScreenHelp>> = {
  overview: {
    title: 'Overview',
    shows:
      'One tile per line: its state and for how long, good and reject parts of this shift, rate against target, OEE so far, and why a stopped line is stopped (its most urgent active alarm, or the coded downtime reason). A held line shows the hold and whether the line interlock is set. Hatched tiles have no live data.',
    actions: [{ action: 'Open line view', does: 'Shows the line in detail: trend, state timeline, downtime list.', who: ANYONE }],
  },
  line: {
    title: 'Line',
    shows:
      'One line: state, counts and the current stop at the top; then the throughput trend, the state timeline (grey where the console was not running yet), the downtime list, the Pareto of reasons and the OEE breakdown.',
    actions: [
      { action: 'Code a stop', does: 'Gives a stop its downtime reason; it then counts in the Pareto and the shift report.', who: 'Shift supervisor' },
      { action: 'Split a stop, add a note', does: 'Splits one stop into two with their own reasons, or adds a note for the next shift.', who: 'Shift supervisor' },
    ],
  },
  shift: { title: 'Shift', shows: 'All lines for the current and the previous shift: good, reject, downtime and OEE.', actions: [] },
  'shift-close': {
    title: 'Shift close',
    shows: 'The shift’s production per order, reconciled against the counters, ready to confirm to the ERP.',
    actions: [
      { action: 'Adjust', does: 'Corrects a figure with a reason before confirming; the change is audited.', who: 'Shift supervisor' },
      { action: 'Confirm to the ERP', does: 'Queues the confirmations; the outbox sends them when the ERP answers.', who: 'Shift supervisor' },
    ],
  },
  outbox: {
    title: 'Outbox',
    shows:
      'Everything waiting for the ERP or the CMMS, and everything they refused. It opens on the tab that needs a person (failed items) when there are any.',
    actions: [
      { action: 'Resend', does: 'Sends a failed item again, after you corrected what was refused.', who: 'Shift supervisor, maintenance planner, quality lead, administrator' },
      { action: 'Discard', does: 'Gives up on an item with a reason; the audit trail keeps it.', who: 'Shift supervisor, maintenance planner, quality lead, administrator' },
    ],
  },
  alerts: {
    title: 'Alerts',
    shows:
      'The alarms that need someone, most urgent first (ISA-18.2): unacknowledged and active ones, with flood state and the alarms that raise most often. Shelved and suppressed ones are behind the filter.',
    actions: [
      { action: 'Acknowledge', does: 'Says a person has seen the alarm; it stays in the list while the condition lasts.', who: 'Shift supervisor, maintenance planner' },
      { action: 'Shelve', does: 'Hides an alarm for a time or until it next clears, with a reason.', who: 'Shift supervisor, maintenance planner' },
      { action: 'Assign, dismiss', does: 'Gives the alarm to a person, or closes it with a reason.', who: 'Maintenance planner' },
      { action: 'Raise a case', does: 'Opens a maintenance case in the CMMS with the alarm’s evidence.', who: 'Maintenance planner' },
    ],
  },
  cases: {
    title: 'Maintenance cases',
    shows: 'Open and recently closed maintenance cases. Choose a case for its CMMS number, status history, technician and work notes.',
    actions: [{ action: 'Check status in the CMMS now', does: 'Reads every open case’s status from the CMMS instead of waiting for the next poll.', who: 'Shift supervisor, maintenance planner' }],
  },
  holds: {
    title: 'Holds',
    shows: 'Quality holds on a line, an order, a lot or a time window, and where each one has reached (ERP, line interlock).',
    actions: [
      { action: 'Place a hold', does: 'Stops the held product from being confirmed or shipped; it goes to the ERP and the line.', who: 'Quality lead' },
      { action: 'Release', does: 'Ends a hold; a second person confirms.', who: 'Quality lead (two different people)' },
    ],
  },
  audit: {
    title: 'Audit',
    shows: 'Every change anyone made, who made it and when, in a chain that shows tampering.',
    actions: [
      { action: 'Verify', does: 'Checks the whole chain and says where it breaks, if it does.', who: 'Administrator, quality lead' },
      { action: 'Export', does: 'Saves the filtered entries as CSV or JSON.', who: 'Administrator, quality lead' },
    ],
  },
  users: {
    title: 'Users',
    shows: 'The people who may sign in, their roles and whether they are active or locked out.',
    actions: [
      { action: 'Add a person', does: 'Creates a sign-in with a PIN and roles.', who: 'Administrator' },
      { action: 'Change roles', does: 'Gives a person other roles; their open sessions end. Audited.', who: 'Administrator' },
      { action: 'Deactivate, reactivate', does: 'Stops or allows a person’s sign-in; their open sessions end. Audited. One active administrator always remains.', who: 'Administrator' },
      { action: 'New PIN, unlock', does: 'Sets a new PIN, or lifts a lock-out after failed PINs. Audited.', who: 'Administrator' },
    ],
  },
  settings: {
    title: 'Settings',
    shows: 'Controllers, their certificates and the tag mapping.',
    actions: [
      { action: 'Trust or reject a certificate', does: 'Decides whether the console talks to a controller that shows this certificate.', who: 'Administrator' },
      { action: 'Browse and map tags', does: 'Reads the controller’s address space and maps its tags to the line.', who: 'Administrator' },
    ],
  },
};
