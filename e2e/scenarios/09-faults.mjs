// Faults: the emulator answers 503, then 429, for a while; the tree shows an error node with a
// retry action and the request id, and recovers on retry once the service is back.
export default {
  id: 'faults',
  title: 'faults 503 and 429: an error node with retry, recovering on retry',
  needs: ['connect'],
  commands: ['cceAutopilot.retry'],
  timeoutMs: 120_000,
  async run({ wb, api, emulator, screenshot }) {
    const region = emulator.region;
    const clusters = await api.clusters(region);
    if (clusters.length === 0) throw new Error(`no cluster in ${region} to list`);
    await wb.expand(region);
    await wb.waitForRow([region, clusters[0].name]);
    try {
      await api.admin('DELETE', 'faults');
      await api.admin('POST', 'faults', {
        operation: 'ListAutopilotClusters',
        action: 'error',
        status: 503,
        errorCode: 'CCE.01500001',
        errorMessage: 'Service temporarily unavailable (fault injected by the e2e suite)',
      });
      await wb.rowAction(region, 'Refresh');
      const outage = await wb.waitForRow([region, /temporarily unavailable/], 60_000);
      if (!/request \S+/.test(outage.description)) throw new Error(`the error node shows no request id: "${outage.text}"`);
      await screenshot('-503');

      await api.admin('DELETE', 'faults');
      await api.admin('POST', 'faults', { operation: 'ListAutopilotClusters', action: 'throttle', retryAfterSeconds: 1 });
      await wb.rowAction([region, /temporarily unavailable/], 'Retry');
      await wb.waitForRow([region, { text: /429|throttl|too many|APIGW/i }], 60_000);
      await screenshot('-429');

      await api.admin('DELETE', 'faults');
      await wb.rowAction([region, { text: /429|throttl|too many|APIGW/i }], 'Retry');
      for (const cluster of clusters) await wb.waitForRow([region, cluster.name], 30_000);
      await wb.waitForNoRow([region, { text: /429|throttl|too many|APIGW|unavailable/i }], 10_000);
      await screenshot();
    } finally {
      await api.admin('DELETE', 'faults').catch(() => {});
    }
  },
};
