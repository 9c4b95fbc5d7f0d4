package dev.syncwright.spi;

/** The type of a field, as far as a destination needs to know it to store the value. */
public enum FieldType {
    /** Text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** An exact decimal number. */
    DECIMAL,
    /** True or false. */
    BOOLEAN,
    /** A calendar date without a time. */
    DATE,
    /** An instant or a date with a time. */
    TIMESTAMP,
    /** Bytes. */
    BINARY,
    /** A JSON document. */
    JSON
}
