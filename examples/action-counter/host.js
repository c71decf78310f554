// Stands in for what the runtime cannot do: the browser's language detection.
host.provide('tabs.detectLanguage', (tabId) => 'en');
