import { serviceTestConfig } from '../../vitest.service.ts';

export default serviceTestConfig();
