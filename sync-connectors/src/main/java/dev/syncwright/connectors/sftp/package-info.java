/**
 * The SFTP file-push destination: {@link dev.syncwright.connectors.sftp.SftpDestination} uploads each batch as a
 * CSV or JSON-lines file and settles its records SENT → OK or FAILED when the receiving side acknowledges the file
 * or moves it to a processed or failed folder. Configured from JSON as type {@code "sftp"}.
 */
package dev.syncwright.connectors.sftp;
