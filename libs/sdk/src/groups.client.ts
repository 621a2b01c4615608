import { GroupDetailSchema, GroupViewSchema, pageOf } from '@parley/contracts';
import { allPages, answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { CreateGroupRequest, GroupDetail, GroupListQuery, GroupView, Page, UpdateGroupRequest } from './types.js';

const groupDetail = answer(GroupDetailSchema, 'a group');

/** Groups, local and from the directory (`/v1/groups`, administrators). */
export class GroupsClient {
  constructor(private readonly http: HttpClient) {}

  /** One page of groups in name order. */
  async list(query: GroupListQuery = {}): Promise<Page<GroupView>> {
    return answer(pageOf(GroupViewSchema), 'GET /v1/groups')(await this.http.get('/v1/groups', { ...query }));
  }

  /** Every group matching `query`, page after page. */
  all(query: Omit<GroupListQuery, 'after'> = {}): AsyncGenerator<GroupView> {
    return allPages((after) => this.list({ ...query, after }));
  }

  /** A group with its direct members. */
  async get(id: string): Promise<GroupDetail> {
    return groupDetail(await this.http.get(`/v1/groups/${segment(id)}`));
  }

  /** Creates a local group; members are users or groups. */
  async create(request: CreateGroupRequest): Promise<GroupDetail> {
    return groupDetail(await this.http.post('/v1/groups', request));
  }

  /** Renames a local group, or adds and removes members. */
  async update(id: string, changes: UpdateGroupRequest): Promise<GroupDetail> {
    return groupDetail(await this.http.patch(`/v1/groups/${segment(id)}`, changes));
  }

  async remove(id: string): Promise<void> {
    await this.http.delete(`/v1/groups/${segment(id)}`);
  }
}
