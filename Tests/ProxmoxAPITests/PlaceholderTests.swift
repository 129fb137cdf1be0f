import Testing
@testable import ProxmoxAPI
