// The extension's settings for a run against the local emulator. Keys are apps/vscode's
// contributes.configuration.

/**
 * Settings that point the extension at `emulator` (the emulator's ready line).
 * `connected: false` leaves the extension unconfigured, so it shows its first-start welcome view
 * and "Use the Local Emulator" connects to this running emulator instead of starting its own;
 * `connected: true` also defines the emulator profile (`cceAutopilot.endpoint`), so the tree is
 * filled at once, showing `regions`. The access keys are the emulator's own demo keys, never real
 * ones.
 */
export function extensionSettings({ emulator, kubeconfig, connected = false, regions, pollIntervalSeconds = 1 }) {
  const settings = {
    'cceAutopilot.emulator.url': emulator.url,
    'cceAutopilot.emulator.accessKey': emulator.ak,
    'cceAutopilot.emulator.secretKey': emulator.sk,
    'cceAutopilot.region': emulator.region,
    'cceAutopilot.projectId': emulator.projectId,
    'cceAutopilot.pollIntervalSeconds': pollIntervalSeconds,
  };
  if (kubeconfig) settings['cceAutopilot.kubeconfigPath'] = kubeconfig;
  if (connected) settings['cceAutopilot.endpoint'] = emulator.url;
  if (regions?.length) {
    // The settings profile gives one project id to every region it shows; with several regions
    // each one's project is looked up through the emulator's IAM instead.
    settings['cceAutopilot.regions'] = regions;
    delete settings['cceAutopilot.region'];
    delete settings['cceAutopilot.projectId'];
  }
  return settings;
}

/**
 * Settings of a cloud user whose cloud is `endpoint` (the emulator standing in for it): the CCE
 * endpoint of each of `regions` (`cceAutopilot.endpoints`) and the IAM endpoint
 * (`cceAutopilot.iamEndpoint`), as one sets them for a private or test endpoint. No emulator keys,
 * no emulator URL, no profile: the user signs in with "Sign in".
 */
export function cloudSettings({ endpoint, regions, kubeconfig, pollIntervalSeconds = 1 }) {
  return {
    'cceAutopilot.endpoints': Object.fromEntries(regions.map((region) => [region, endpoint])),
    'cceAutopilot.iamEndpoint': endpoint,
    'cceAutopilot.pollIntervalSeconds': pollIntervalSeconds,
    ...(kubeconfig ? { 'cceAutopilot.kubeconfigPath': kubeconfig } : {}),
  };
}
