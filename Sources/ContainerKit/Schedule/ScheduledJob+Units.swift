extension ScheduledJob {
    /// The service unit: one run of `lxc-build schedule run NAME` (oneshot, after the cluster file system), its
    /// output in the journal. Only the job's name is in it; the arguments are in the job file.
    /// - Parameter locations: where the executable and the job file are.
    public func serviceUnit(_ locations: ScheduleLocations) -> String {
        """
        # Written by lxc-build schedule; `lxc-build schedule remove \(name)` removes it.
        [Unit]
        Description=lxc-build scheduled \(command.rawValue) (\(name))
        Wants=network-online.target
        After=network-online.target pve-cluster.service

        [Service]
        Type=oneshot
        ExecStart=\(locations.executable) schedule run \(name)
        Nice=10
        TimeoutStartSec=12h
        SyslogIdentifier=\(unitName)

        """
    }

    /// The timer unit: ``calendar``, caught up after the node was off (`Persistent=true`), spread by up to five
    /// minutes so that nodes with the same schedule do not all start at once.
    public func timerUnit() -> String {
        """
        # Written by lxc-build schedule; `lxc-build schedule remove \(name)` removes it.
        [Unit]
        Description=lxc-build scheduled \(command.rawValue) (\(name)): \(calendar)

        [Timer]
        OnCalendar=\(calendar)
        Persistent=true
        RandomizedDelaySec=300

        [Install]
        WantedBy=timers.target

        """
    }
}
