/// The program that takes a ``NodeSnapshot`` on a node: Perl, which every Proxmox VE node has (`pve-manager`
/// is written in it; `perl-base` is essential on Debian), so nothing needs installing there.
///
/// It reads exactly what ``HostProber`` reads (the same files, folders, links, device nodes and commands, with
/// symbolic links resolved the way ``FileSystem/canonicalPath(_:)`` does) and prints it in the framed format
/// ``NodeSnapshot/init(parsing:)`` reads. Files and command outputs are cut at 1 MiB, listings at 4096 names,
/// each command at ``NodeSnapshot/Request/commandTimeoutSeconds``. It writes nothing on the node and reads no
/// private key: of `/root/.ssh` only the listing and the `*.pub` and `authorized_keys*` files.
extension NodeSnapshot {
    /// What a snapshot is taken for.
    public enum Scope: String, Sendable, Hashable {
        /// Everything ``HostProber`` reads, plus the node facts of ``check``.
        case probe
        /// Only what proves the node shell reaches the chosen node: `hostname`, the `/etc/pve/nodes` listing
        /// and whether `/dev/apex_0` exists.
        case check
    }

    /// How to take one snapshot: the program, its arguments and the program text for its standard input.
    public struct Request: Sendable, Hashable {
        /// What the snapshot is for.
        public var scope: Scope
        /// The longest any one command may run on the node.
        public var commandTimeoutSeconds: Int

        /// A request for `scope`; each command may run `commandTimeoutSeconds`.
        public init(scope: Scope, commandTimeoutSeconds: Int = 10) {
            self.scope = scope
            self.commandTimeoutSeconds = commandTimeoutSeconds
        }

        /// `perl - SCOPE TIMEOUT`: the program comes on standard input (``programText``). The program takes
        /// an optional third argument, a folder standing for the node's `/`, which only tests pass (to serve a
        /// fixture tree); nothing here sets it.
        public var arguments: [String] {
            ["perl", "-", scope.rawValue, String(commandTimeoutSeconds)]
        }

        /// The Perl program, sent on the command's standard input.
        public var programText: String { NodeSnapshot.program }
    }

    /// The Perl program (see the extension's documentation).
    static let program = #"""
        use strict; use warnings;
        use IPC::Open3 qw(open3); use IO::Select; use Symbol qw(gensym);
        binmode STDOUT;
        my ($scope, $timeout, $root) = @ARGV;
        $root = '' unless defined $root;
        my $CAP = 1048576;
        # Sub-second clock when Time::HiRes is there; whole seconds get one more, so no command gets less than $timeout.
        my ($now, $slack) = eval { require Time::HiRes; (\&Time::HiRes::time, 0) };
        ($now, $slack) = (sub { time }, 1) unless $now;
        my %sent;
        sub out { my ($k, $p, $d) = @_; return if $sent{"$k\0$p"}++; print $k, ' ', length($p), ' ', length($d), "\n", $p, $d, "\n"; }
        sub parts { grep { $_ ne '' && $_ ne '.' } split m{/}, $_[0] }
        sub canon {
            my @done; my @todo = reverse parts($_[0]); my $links = 0;
            while (@todo) {
                my $c = pop @todo;
                if ($c eq '..') { pop @done; next }
                my $p = '/' . join('/', @done, $c);
                my $t = $links < 40 ? readlink($root . $p) : undef;
                if (defined $t) { $links++; out('L', $p, $t); @done = () if $t =~ m{^/}; push @todo, reverse parts($t); }
                else { push @done, $c }
            }
            return '/' . join('/', @done);
        }
        sub readcapped {
            my ($path) = @_;
            return undef unless -f $path;
            open(my $fh, '<:raw', $path) or return undef;
            my $data = '';
            while (length($data) < $CAP) { my $n = read($fh, $data, $CAP - length($data), length($data)); last unless $n; }
            close $fh; return $data;
        }
        sub file { my $p = canon($_[0]); my $d = readcapped($root . $p); out('F', $p, $d) if defined $d; return $d; }
        sub dir {
            my $p = canon($_[0]);
            opendir(my $dh, $root . $p) or return ();
            my @names = sort grep { $_ ne '.' && $_ ne '..' } readdir $dh; closedir $dh;
            splice(@names, 4096) if @names > 4096;
            out('D', $p, join("\0", @names)); return @names;
        }
        sub node {
            my $p = canon($_[0]);
            my @st = stat($root . $p) or return 0;
            if (-c _ || -b _) {
                my $r = $st[6];
                my $major = (($r >> 8) & 0xfff) | (($r >> 32) & ~0xfff);
                my $minor = ($r & 0xff) | (($r >> 12) & ~0xff);
                out(-c _ ? 'C' : 'B', $p, "$major:$minor");
            } else { out('E', $p, '') }
            return 1;
        }
        sub lnk {
            my @c = parts($_[0]); my $name = pop @c;
            my $parent = canon('/' . join('/', @c));
            my $l = ($parent eq '/' ? '' : $parent) . '/' . $name;
            my $t = readlink($root . $l); out('L', $l, $t) if defined $t; return $t;
        }
        sub run {
            my @argv = @_; my $key = join("\0", @argv);
            my ($found) = grep { -f "$_/$argv[0]" && -x "$_/$argv[0]" } split /:/, ($ENV{PATH} // '');
            unless ($found) { out('M', $key, ''); return undef }
            my ($in, $o, $e) = (undef, undef, gensym);
            my $pid = eval { open3($in, $o, $e, @argv) };
            unless ($pid) { out('M', $key, ''); return undef }
            close $in;
            my %buf = ($o => '', $e => '');
            my $sel = IO::Select->new($o, $e); my $deadline = $now->() + $timeout + $slack;
            while ($sel->count) {
                my $left = $deadline - $now->(); last if $left <= 0;
                for my $fh ($sel->can_read($left)) {
                    my $n = sysread($fh, my $chunk, 65536);
                    if (!$n) { $sel->remove($fh); next }
                    $buf{$fh} .= $chunk if length($buf{$fh}) < $CAP;
                }
            }
            if ($sel->count) { kill 'KILL', $pid; waitpid($pid, 0); out('T', $key, ''); return undef }
            waitpid($pid, 0);
            my $status = ($? & 127) ? -($? & 127) : ($? >> 8);
            my ($so, $se) = (substr($buf{$o}, 0, $CAP), substr($buf{$e}, 0, $CAP));
            out('X', $key, "$status " . length($so) . "\n$so$se");
            return $status == 0 ? $so : undef;
        }
        sub pciids {
            my %want = map { $_ => 1 } @_;
            return unless %want;
            for my $path ('/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids') {
                my $p = canon($path);
                next unless -f $root . $p;
                open(my $fh, '<:raw', $root . $p) or next;
                my ($data, $in) = ('', 0);
                while (my $line = <$fh>) {
                    last if $line =~ /^C / || length($data) > $CAP;
                    next if $line =~ /^#/ || $line =~ /^\t\t/;
                    $in = $want{lc $1} if $line =~ /^([0-9a-fA-F]{4})\s/;
                    $data .= $line if $in;
                }
                close $fh; out('F', $p, $data); return;
            }
        }
        print "lxc-build node snapshot 1\n";
        if ($scope eq 'probe') {
            run('pveversion');
            my $status = file('/proc/self/status') // '';
            file("/proc/$1/comm") if $status =~ /^PPid:\s+(\d+)/m;
            run('dpkg', '--print-architecture');
            run('pvecm', 'status') if node('/etc/pve/corosync.conf');
            file($_) for qw(/proc/sys/kernel/keys/maxkeys /proc/sys/kernel/keys/maxbytes /proc/key-users
                /etc/network/interfaces /etc/pve/sdn/vnets.cfg /etc/timezone /proc/driver/nvidia/version
                /root/.ssh/authorized_keys /root/.ssh/authorized_keys2 /etc/ssh/authorized_keys);
            file("/etc/network/interfaces.d/$_") for grep { !/^\./ } dir('/etc/network/interfaces.d');
            node('/sys/class/net/vmbr0/bridge');
            lnk('/etc/localtime');
            file("/root/.ssh/$_") for grep { /\.pub$/ } dir('/root/.ssh');
            file("/etc/ssh/authorized_keys.d/$_")
                for grep { !/^known_hosts/ && $_ ne 'config' && !(/^id_/ && !/\.pub$/) } dir('/etc/ssh/authorized_keys.d');
            my %display;
            for my $entry (dir('/sys/bus/pci/devices')) {
                my $p = "/sys/bus/pci/devices/$entry";
                my $vendor = file("$p/vendor"); file("$p/device"); my $class = file("$p/class"); lnk("$p/driver");
                my $address = lc((parts(canon($p)))[-1] // '');
                $display{$address} = lc $1
                    if defined $vendor && defined $class && $class =~ /^\s*0x03/i && $vendor =~ /^\s*0x([0-9a-fA-F]{4})/;
            }
            my $lspci = run('lspci', '-nn') // '';
            for my $line (split /\n/, $lspci) {
                my ($address) = split ' ', $line; next unless defined $address;
                $address = "0000:$address" unless $address =~ /^[0-9a-fA-F]{4}:/;
                delete $display{lc $address};
            }
            pciids(values %display);
            for my $name (grep { /^(card|renderD)\d+$/ } dir('/sys/class/drm')) {
                my $device = canon("/sys/class/drm/$name/device");
                node(($device eq '/' ? '' : $device) . '/vendor'); node("/dev/dri/$name");
            }
            canon("/dev/dri/by-path/$_") for dir('/dev/dri/by-path');
            node('/dev/kfd'); node('/dev/net/tun');
            node("/dev/$_") for grep { /^(nvidia|ttyUSB|ttyACM|apex_)/ } dir('/dev');
            node("/dev/nvidia-caps/$_") for dir('/dev/nvidia-caps');
            file("/proc/driver/nvidia/gpus/$_/information") for dir('/proc/driver/nvidia/gpus');
            canon("/dev/serial/by-id/$_") for dir('/dev/serial/by-id');
        }
        run('hostname');
        dir('/etc/pve/nodes');
        node('/dev/apex_0');
        print "Z 0 0\n\n";
        """#
}
