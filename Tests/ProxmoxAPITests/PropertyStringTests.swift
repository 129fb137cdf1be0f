import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("Property strings")
struct PropertyStringTests {
    @Test("real netN strings round-trip through the typed interface", arguments: [
        "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:2E:61:7A,ip=dhcp,type=veth",
        "name=eth0,bridge=vmbr0,ip=192.168.1.50/24,gw=192.168.1.1,tag=20,mtu=9000,firewall=1",
        "name=eth1,bridge=vmbr1,ip6=auto,trunks=10;20;30,rate=12.5,link_down=1",
        "name=eth0,bridge=vnet1,ip=10.0.0.2/8,host-managed=1",
    ])
    func networkRoundTrip(text: String) throws {
        let interface = try NetworkInterface(parsing: text)
        let again = try NetworkInterface(parsing: try interface.encoded())
        #expect(again == interface)
        #expect(Set(try interface.encoded().split(separator: ",")) == Set(text.split(separator: ",")))
    }

    @Test("typed fields are read from the string")
    func networkFields() throws {
        let interface = try NetworkInterface(parsing: "name=eth1,bridge=vmbr1,ip6=auto,trunks=10;20;30,rate=12.5,tag=5,foo=bar")
        #expect(interface.name == "eth1")
        #expect(interface.trunks == [10, 20, 30])
        #expect(interface.rate == 12.5)
        #expect(interface.tag == 5)
        #expect(interface.extra == [PropertyString.Entry("foo", "bar")])
    }

    @Test("the default key is read bare and written bare", arguments: [
        "local-lvm:vm-100-disk-0,size=8G",
        "local-lvm:8",
        "local-zfs:subvol-101-disk-0,mountoptions=noatime;nodev,size=32G,acl=1",
    ])
    func rootfsRoundTrip(text: String) throws {
        let rootfs = try RootFS(parsing: text)
        #expect(try rootfs.encoded().hasPrefix(rootfs.volume))
        #expect(Set(try rootfs.encoded().split(separator: ",")) == Set(text.split(separator: ",")))
        #expect(rootfs.volume == String(text.split(separator: ",")[0]))
    }

    @Test("mount points, devices and features round-trip")
    func otherKinds() throws {
        let mount = try MountPoint(parsing: "/srv/media,mp=/media,ro=1,backup=0")
        #expect(mount.isBindMount)
        #expect(mount.path == "/media")
        #expect(try MountPoint(parsing: try mount.encoded()) == mount)
        #expect(try mount.encoded() == "/srv/media,mp=/media,backup=0,ro=1")

        let device = try DevicePassthrough(parsing: "/dev/dri/renderD128,gid=104,mode=0660")
        #expect(device.gid == 104 && device.mode == "0660")
        #expect(try device.encoded() == "/dev/dri/renderD128,gid=104,mode=0660")
        #expect(try DevicePassthrough(parsing: "path=/dev/net/tun").path == "/dev/net/tun")

        let features = try Features(parsing: "nesting=1,keyctl=1,mount=nfs;cifs")
        #expect(features.needsRoot)
        #expect(features.mount == ["nfs", "cifs"])
        #expect(try features.encoded() == "nesting=1,keyctl=1,mount=nfs;cifs")
        #expect(!(try Features(parsing: "nesting=1")).needsRoot)
    }

    @Test("a value that would add or change keys is refused, never passed through", arguments: [
        "web,bridge=vmbr9", "web=1", "web\nbridge=vmbr9", "tab\there", "del\u{7F}",
    ])
    func injectionRefused(hostileValue: String) {
        let interface = NetworkInterface(name: "eth0", bridge: hostileValue)
        #expect {
            _ = try interface.encoded()
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .invalidArgument && error.message.contains("bridge") && !error.message.contains("\n")
        }
    }

    @Test("hostile keys and empty values are refused")
    func hostileKeys() {
        #expect(throws: ProxmoxError.self) { try PropertyString([PropertyString.Entry("ip,gw", "1")]).encoded() }
        #expect(throws: ProxmoxError.self) { try PropertyString([PropertyString.Entry("", "1")]).encoded() }
        #expect(throws: ProxmoxError.self) { try PropertyString([PropertyString.Entry("ip", "")]).encoded() }
    }

    @Test("malformed strings are refused when parsed", arguments: [
        "name=eth0,,bridge=vmbr0", "name=eth0,bare", "name=eth0,name=eth1", "",
    ])
    func malformed(text: String) {
        #expect(throws: ProxmoxError.self) { try NetworkInterface(parsing: text) }
    }

    @Test("a missing required key is reported")
    func missingRequired() {
        #expect(throws: ProxmoxError.self) { try NetworkInterface(parsing: "bridge=vmbr0") }
        #expect(throws: ProxmoxError.self) { try MountPoint(parsing: "local-lvm:8") }
    }

    @Test("container options render indexed keys up to the schema's limits and refuse beyond them")
    func indexedLimits() throws {
        var options = ContainerOptions()
        options.networks[31] = NetworkInterface(name: "eth31", bridge: "vmbr0")
        options.mountPoints[255] = MountPoint(volume: "local-lvm:1", path: "/mnt/last")
        options.devices[0] = DevicePassthrough(path: "/dev/net/tun")
        let names = try options.parameters().map(\.name)
        #expect(names.contains("net31") && names.contains("mp255") && names.contains("dev0"))

        options.networks[32] = NetworkInterface(name: "eth32")
        #expect(throws: ProxmoxError.self) { try options.parameters() }
    }

    @Test("tags are checked against PVE's tag syntax and joined with ;")
    func tags() throws {
        var options = ContainerOptions()
        options.tags = ["community-script", "docker", "v1.2+beta"]
        #expect(try options.parameters().first { $0.name == "tags" }?.value == .string("community-script;docker;v1.2+beta"))
        options.tags = ["ok", "bad;tag"]
        #expect(throws: ProxmoxError.self) { try options.parameters() }
        options.tags = ["-leading"]
        #expect(throws: ProxmoxError.self) { try options.parameters() }
    }

    @Test("a config answer decodes netN, mpN, devN, rootfs and features at any index")
    func configDecoding() throws {
        let json = try JSONValue.parse(#"""
            {"hostname":"web","memory":"2048","cores":2,"net0":"name=eth0,bridge=vmbr0,ip=dhcp",
             "net20":"name=eth20,bridge=vmbr1,ip=manual","mp255":"local-lvm:vm-100-disk-1,mp=/data,size=8G",
             "dev3":"/dev/dri/renderD128,gid=104","rootfs":"local-lvm:vm-100-disk-0,size=8G",
             "features":"nesting=1","tags":"a;b","digest":"0123456789abcdef0123456789abcdef01234567",
             "lxc":[["lxc.cgroup2.devices.allow","c 10:200 rwm"]],"unprivileged":1}
            """#)
        let config = try ContainerConfig(json: json)
        #expect(config.options.memory == 2048)
        #expect(config.options.networks[20]?.bridge == "vmbr1")
        #expect(config.options.mountPoints[255]?.path == "/data")
        #expect(config.options.devices[3]?.gid == 104)
        #expect(config.options.rootfs?.size == "8G")
        #expect(config.options.features?.nesting == true)
        #expect(config.options.tags == ["a", "b"])
        #expect(config.options.unprivileged == true)
        #expect(config.lxcLines.first?.key == "lxc.cgroup2.devices.allow")
        #expect(config.digest?.count == 40)
    }
}
