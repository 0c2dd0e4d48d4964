export { profileBatch, type ProfileRow } from './profile/profile-batch.ts';
