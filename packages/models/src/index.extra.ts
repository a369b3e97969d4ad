export { addonTemplateFixtures } from './fixtures/index.js';
