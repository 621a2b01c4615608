import { AddinsClient, CategoriesClient, ConfigClient, PoliciesClient, RolesClient, RoomsClient, UsersClient, type Session } from '@parley/sdk';

/** The provisioning admin API (docs/provisioning.md), as the console uses it: the same operations as `parley` admin commands. */
export class AdminApi {
  readonly categories: CategoriesClient;
  readonly rooms: RoomsClient;
  readonly users: UsersClient;
  readonly config: ConfigClient;
  readonly policies: PoliciesClient;
  readonly addins: AddinsClient;
  readonly roles: RolesClient;

  constructor(session: Session) {
    this.categories = new CategoriesClient(session.http);
    this.rooms = new RoomsClient(session.http);
    this.users = new UsersClient(session.http);
    this.config = new ConfigClient(session.http);
    this.policies = new PoliciesClient(session.http);
    this.addins = new AddinsClient(session.http);
    this.roles = new RolesClient(session.http);
  }
}
