/// Namespace marker for the HostProbe module (host facts; see issue 4).
enum HostProbeModule {}
