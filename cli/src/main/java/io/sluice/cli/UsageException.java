package io.sluice.cli;

/** A command line the CLI cannot run: the message says what is wrong; the caller prints the usage. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
