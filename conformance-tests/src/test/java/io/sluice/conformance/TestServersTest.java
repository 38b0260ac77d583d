package io.sluice.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestServersTest {
    @Test
    @DisplayName("A missing server skips the test with a message on a developer machine, and fails it on CI")
    void missingServer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> TestServers.require("Nothing", closed, "start it somehow", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("Skipped: Nothing is not reachable on 127.0.0.1:" + closed + "; start it somehow");
        assertThatThrownBy(() -> TestServers.require("Nothing", closed, "start it somehow", true))
                .isInstanceOf(AssertionError.class)
                .hasMessage("CI=true and Nothing is not reachable on 127.0.0.1:" + closed + "; start it somehow");
    }

    @Test
    @DisplayName("A listening server lets the test run")
    void presentServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            assertThatCode(() -> TestServers.require("Listening", socket.getLocalPort(), "", true)).doesNotThrowAnyException();
        }
    }
}
