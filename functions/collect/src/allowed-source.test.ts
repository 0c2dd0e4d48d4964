import { describe, expect, it } from 'vitest';
import { isAllowedSource } from './allowed-source.ts';

describe('isAllowedSource', () => {
  const allowed = ['http://datasource.tabular-ct.svc.cluster.local', 'http://10.43.101.94:8080/api/v1/'];

  it.each([
    'http://datasource.tabular-ct.svc.cluster.local',
    'http://datasource.tabular-ct.svc.cluster.local/',
    'http://datasource.tabular-ct.svc.cluster.local:80/',
    'http://DATASOURCE.tabular-ct.svc.cluster.local',
    'http://10.43.101.94:8080/api/v1',
    'http://10.43.101.94:8080/api/v1/groups',
  ])('admits %s', (url) => {
    expect(isAllowedSource(url, allowed)).toBe(true);
  });

  it.each([
    'https://datasource.tabular-ct.svc.cluster.local',
    'http://datasource.tabular-ct.svc.cluster.local:8080',
    'http://datasource.tabular-ct.svc.cluster.local.evil.example',
    'http://evil.example/?http://datasource.tabular-ct.svc.cluster.local',
    'http://datasource.tabular-ct.svc.cluster.local@evil.example',
    'http://user@datasource.tabular-ct.svc.cluster.local',
    'http://10.43.101.94:8080/api/v10',
    'http://10.43.101.94:8080/api',
    'http://10.43.101.94:8081/api/v1',
    'http://169.254.169.254/latest/meta-data',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedSource(url, allowed)).toBe(false);
  });
});
