package dev.syncwright.connectors.sftp;

/**
 * How the receiving side of an {@link SftpDestination} confirms an uploaded file. Until it does, the file's
 * records are SENT; a file nobody confirms within the engine's confirmation timeout is uploaded again under the
 * same name.
 */
public enum Confirmation {
    /**
     * The receiver writes a file next to the uploaded one: {@code <file>.ack} (any content, e.g. {@code OK}) makes
     * every record of the file OK; {@code <file>.err} rejects it. Each line of an {@code .err} file is either
     * {@code <record key><TAB><reason>}, which fails that record with the reason, or a reason alone, which fails
     * every record the file does not name. Records an {@code .err} file does not name are OK when it holds no
     * reason for the whole file, so a receiver can reject single rows. An empty {@code .err} fails the whole file;
     * when both files exist, {@code .err} wins. The suffixes are configurable.
     */
    ACK_FILE,
    /**
     * The receiver moves the uploaded file into a sub-folder of the upload directory: {@code processed/} makes
     * every record of the file OK, {@code failed/} makes every record FAILED. The folder names are configurable.
     */
    FOLDERS
}
