export { WaiverRequestButton, waiverObjectRef } from './WaiverRequestButton';
export type { WaiverRequestButtonProps } from './WaiverRequestButton';
export { Waivers } from './Waivers';
