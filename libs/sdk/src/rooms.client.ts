import { RoomSummarySchema, RoomViewSchema } from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { CreateRoomRequest, RoomListQuery, RoomSummary, RoomView, UpdateRoomRequest } from './types.js';

const roomView = answer(RoomViewSchema, 'a room');

/** Rooms: settings, members, managers and presenters (`/v1/rooms`); the channel service decides every change. */
export class RoomsClient {
  constructor(private readonly http: HttpClient) {}

  /** Every room, or those of one category or whose name starts with `q`, in path order (administrators). */
  async list(query: RoomListQuery = {}): Promise<RoomSummary[]> {
    return answer(z.array(RoomSummarySchema), 'GET /v1/rooms')(await this.http.get('/v1/rooms', { ...query }));
  }

  /** One room, if the caller may see it (secret rooms are hidden from non-members). */
  async get(id: string): Promise<RoomView> {
    return roomView(await this.http.get(`/v1/rooms/${segment(id)}`));
  }

  /** Creates a room (administrators, and the category's creators); with no managers, the creator manages it. */
  async create(request: CreateRoomRequest): Promise<RoomView> {
    return roomView(await this.http.post('/v1/rooms', request));
  }

  /** Changes settings and adds or removes members, managers and presenters, all or nothing (managers and administrators). */
  async update(id: string, changes: UpdateRoomRequest): Promise<RoomView> {
    return roomView(await this.http.patch(`/v1/rooms/${segment(id)}`, changes));
  }

  /** A disabled room accepts nothing until it is enabled again. */
  async disable(id: string): Promise<RoomView> {
    return roomView(await this.http.post(`/v1/rooms/${segment(id)}/disable`));
  }

  async enable(id: string): Promise<RoomView> {
    return roomView(await this.http.post(`/v1/rooms/${segment(id)}/enable`));
  }

  /** Removes a room for users; the log and the compliance archive keep its history. */
  async remove(id: string): Promise<void> {
    await this.http.delete(`/v1/rooms/${segment(id)}`);
  }
}
