"""Starting, watching and stopping one local Neo4j server process."""

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from hippograph.graph.errors import LocalServerError, PortInUseError, ServerDiedError
from hippograph.graph.launcher.config import LocalServerConfig
from hippograph.graph.launcher.install import is_installed
from hippograph.graph.launcher.java import JavaRuntime, find_java

ENTRY_POINT = "org.neo4j.server.Neo4jCommunity"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The official launcher's JVM options for Neo4j on Java 21+, plus what Java 25 needs to let
# Neo4j's off-heap memory code use sun.misc.Unsafe without warnings turning into errors.
_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
_JAVA25_OPTIONS = ("--sun-misc-unsafe-memory-access=allow",)


@dataclass(frozen=True)
class ServerStatus:
    installed: bool
    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    home: Path
    instance_dir: Path


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes (its status just has not been collected yet), once its
    # other threads are gone too: a killed JVM's main thread turns zombie while its hundreds of
    # threads still exit, and the sockets they share stay open (its port taken) until the last.
    stat = Path(f"/proc/{pid}/stat")
    try:
        zombie = ") Z " in stat.read_text()
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return False
    return not zombie or threads > 1


class LocalNeo4j:
    """One local Neo4j instance described by a :class:`LocalServerConfig`.

    Creating it does nothing; :meth:`start` and :meth:`stop` act.
    """

    def __init__(self, config: LocalServerConfig) -> None:
        self.config = config

    def _classpath(self) -> str:
        c = self.config
        return f"{c.plugins_dir}/*:{c.conf_dir}/*:{c.lib_dir}/*"

    def _environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_HOME": str(self.config.home),
            "NEO4J_CONF": str(self.config.conf_dir),
        }

    def write_conf(self) -> Path:
        c = self.config
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{c.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{c.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{c.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{c.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.security.procedures.unrestricted": "gds.*",
            "server.directories.data": str(c.data_dir),
            "server.directories.logs": str(c.logs_dir),
            "server.directories.run": str(c.run_dir),
            "server.directories.plugins": str(c.plugins_dir),
            "server.directories.lib": str(c.lib_dir),
            "server.memory.heap.initial_size": c.heap_initial,
            "server.memory.heap.max_size": c.heap_max,
            "server.memory.pagecache.size": c.pagecache,
            "dbms.usage_report.enabled": "false",
            # Plans are cached by statement and parameter types, and by default also by each
            # list parameter's size class (0, 1, 2-10, ...): every new question shape then
            # re-planned recall's statements for 0.2-0.5 s. Without size hints one plan per
            # statement and types serves all, at the same steady-state latency (measured).
            "internal.cypher.use_parameter_size": "false",
        }
        for folder in (c.conf_dir, c.data_dir, c.logs_dir, c.run_dir):
            folder.mkdir(parents=True, exist_ok=True)
        conf = c.conf_dir / "neo4j.conf"
        lines = ["# Written by `hippograph neo4j start`; edits are overwritten on the next start."]
        lines += [f"{key}={value}" for key, value in settings.items()]
        conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return conf

    def _java_command(self, java: JavaRuntime, main: str, *args: str) -> list[str]:
        c = self.config
        options = [f"-Xms{c.heap_initial}", f"-Xmx{c.heap_max}", *_JVM_OPTIONS]
        if java.major >= 24:
            options += _JAVA25_OPTIONS
        return [str(java.java), *options, "-cp", self._classpath(), main, *args]

    def _set_initial_password(self, java: JavaRuntime, password: str) -> None:
        command = [str(java.java), "-cp", self._classpath(), ADMIN_TOOL]
        command += ["dbms", "set-initial-password", password]
        done = subprocess.run(
            command, env=self._environment(), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise LocalServerError(f"could not set the initial password:\n{done.stderr[-2000:]}")

    def pid(self) -> int | None:
        """Pid of this instance's server if it runs, else None."""
        pid_file = self.config.pid_file
        if not pid_file.is_file():
            return None
        pid = int(pid_file.read_text().strip() or 0)
        if pid <= 0 or not _alive(pid):
            return None
        # After a reboot the pid may belong to someone else: only trust our own command line.
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and str(self.config.conf_dir).encode() not in cmdline.read_bytes():
            return None
        return pid

    def status(self) -> ServerStatus:
        c = self.config
        pid = self.pid()
        return ServerStatus(
            installed=is_installed(c),
            running=pid is not None,
            pid=pid,
            bolt_uri=c.bolt_uri,
            browser_url=c.browser_url,
            home=c.home,
            instance_dir=c.instance_dir,
        )

    def log_tail(self, lines: int = 40) -> str:
        log = self.config.console_log
        if not log.is_file():
            return "(no log yet)"
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def start(self, password: str) -> ServerStatus:
        """Start the server in the background and return once Bolt accepts ``password``."""
        c = self.config
        if not is_installed(c):
            raise LocalServerError(
                f"Neo4j {c.neo4j_version} is not installed in {c.home}; "
                "run `hippograph neo4j install`."
            )
        if self.pid() is not None:
            self._wait_for_bolt(password, pid=None)
            return self.status()
        for port in (c.bolt_port, c.http_port):
            if not _port_free(port):
                raise PortInUseError(
                    f"port {port} on 127.0.0.1 is taken by another process; stop it or set "
                    "HIPPOGRAPH_NEO4J_BOLT_PORT / HIPPOGRAPH_NEO4J_HTTP_PORT."
                )
        java = find_java(c.java_majors, c.java_home)
        self.write_conf()
        if not (c.data_dir / "databases" / "system").exists():
            self._set_initial_password(java, password)
        command = self._java_command(
            java,
            ENTRY_POINT,
            f"--home-dir={c.home}",
            f"--config-dir={c.conf_dir}",
            "--console-mode",
        )
        pid = self._launch(command)
        c.pid_file.write_text(str(pid), encoding="utf-8")
        try:
            self._wait_for_bolt(password, pid)
        except BaseException:
            self._terminate(pid)
            raise
        return self.status()

    def _launch(self, command: list[str]) -> int:
        """Start ``command`` detached from us and return its pid.

        The shell backgrounds the JVM and exits, so the server is nobody's child here: it
        outlives this process, and Ctrl-C in the terminal that started it does not reach it
        (a session of its own).
        """
        log = self.config.console_log
        done = subprocess.run(
            [
                "/bin/sh",
                "-c",
                'log="$1"; shift; "$@" >>"$log" 2>&1 </dev/null & echo $!',
                "launch",
                str(log),
                *command,
            ],
            env=self._environment(),
            capture_output=True,
            text=True,
            check=True,
            start_new_session=True,
        )
        return int(done.stdout.strip())

    def _wait_for_bolt(self, password: str, pid: int | None) -> None:
        c = self.config
        deadline = time.monotonic() + c.start_timeout_s
        with GraphDatabase.driver(c.bolt_uri, auth=("neo4j", password)) as driver:
            while True:
                if pid is not None and not _alive(pid):
                    raise ServerDiedError(
                        "Neo4j exited while starting. "
                        f"Last lines of {c.console_log}:\n{self.log_tail()}"
                    )
                try:
                    driver.verify_connectivity()
                    return
                except AuthError as error:
                    raise LocalServerError(
                        f"Neo4j at {c.bolt_uri} rejected the password: the database in "
                        f"{c.data_dir} was initialised with another one. Set "
                        "HIPPOGRAPH_NEO4J_PASSWORD to it, or remove that folder to start "
                        "afresh."
                    ) from error
                except (ServiceUnavailable, OSError):
                    if time.monotonic() > deadline:
                        raise LocalServerError(
                            f"Bolt did not answer on {c.bolt_uri} within {c.start_timeout_s:.0f}"
                            f" s. Last lines of {c.console_log}:\n{self.log_tail()}"
                        ) from None
                    time.sleep(0.5)

    def _terminate(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + self.config.stop_timeout_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.25)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)

    def kill(self) -> bool:
        """Kill the server at once (SIGKILL), as a crash would: for soaks. False if none ran."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.1)
        return True

    def stop(self) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after the timeout). False if none ran."""
        pid = self.pid()
        if pid is None:
            self.config.pid_file.unlink(missing_ok=True)
            return False
        self._terminate(pid)
        self.config.pid_file.unlink(missing_ok=True)
        return True
