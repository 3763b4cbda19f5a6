export { GoldenPathPicker, validateGoldenPath } from './GoldenPathPicker';
