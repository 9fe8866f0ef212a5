/**
 * Who may use the service: bearer tokens (configured, or generated into a 0600 file), browser sessions, the
 * permission policies' read policy, and the browser-safety checks (host names, cross-site origins, JSON bodies).
 */
package dev.sparkvar.access;
