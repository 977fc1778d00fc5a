// Packet Timeline webview entry (browser code). Filled in by the Packet Timeline issue.
export {};
