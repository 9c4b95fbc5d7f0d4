package dev.syncwright.spi;

/** The type of a field, as far as a destination needs to know it to store the value. */
public enum FieldType {
    STRING, INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, BINARY, JSON
}
