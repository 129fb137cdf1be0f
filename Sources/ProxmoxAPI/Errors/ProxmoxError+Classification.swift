/// Turning an HTTP answer into a ``ProxmoxError`` with the right code and hint.
extension ProxmoxError {
    /// Builds the error for a non-2xx answer.
    ///
    /// The message is PVE's `message` body field when present (PVE 8.4+), else the reason phrase
    /// (older servers put the text only there), else the standard phrase for the status.
    static func fromResponse(
        method: String, path: String, status: Int, reason: String, body: JSONValue?
    ) -> ProxmoxError {
        let bodyMessage = body?["message"]?.stringValue?.trimmingTrailingNewlines
        var parameterErrors: [String: String] = [:]
        for (name, value) in body?["errors"]?.objectValue ?? [:] {
            parameterErrors[name] = (value.stringValue ?? value.serialized()).trimmingTrailingNewlines
        }
        let trimmedReason = reason.trimmingTrailingNewlines
        let message =
            bodyMessage.flatMap { $0.isEmpty ? nil : $0 }
            ?? (trimmedReason.isEmpty ? standardPhrase(for: status) : trimmedReason)
        let code = classify(status: status, message: message, parameterErrors: parameterErrors)
        return ProxmoxError(
            code, message: message, method: method, path: path, status: status, reason: trimmedReason,
            parameterErrors: parameterErrors, hint: hint(code: code, message: message))
    }

    static func classify(status: Int, message: String, parameterErrors: [String: String]) -> Code {
        let lowered = message.lowercased()
        switch status {
        case 400:
            if parameterErrors.values.contains(where: { $0.contains("no such task") }) { return .notFound }
            return .parameterVerification
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404, 501: return .notFound
        case 408, 429, 502, 503, 504: return .transient
        case 595...599: return .nodeUnreachable
        case 500:
            if lowered.contains("got timeout") || lowered.contains("got no worker upid")
                || lowered.contains("cfs-lock") && lowered.contains("timeout")
            {
                return .transient
            }
            if lowered.contains("does not exist") || lowered.contains("no such") || lowered.contains("not found") {
                return .notFound
            }
            if lowered.contains("already exists") { return .alreadyExists }
            return .server
        default:
            return status >= 500 ? .server : .parameterVerification
        }
    }

    static func hint(code: Code, message: String) -> String? {
        let lowered = message.lowercased()
        if code == .forbidden && lowered.contains("only allowed for root@pam") {
            return "Proxmox VE allows this (device passthrough, bind mounts, features other than nesting, "
                + "hookscripts) only to root@pam logged in with a password, never to an API token. "
                + "Log in as root@pam (PROXMOX_VE_USERNAME=root@pam and PROXMOX_VE_PASSWORD), run lxc-build "
                + "on the node itself, or leave the feature out."
        }
        if code == .forbidden && lowered.contains("permission check failed") {
            return "Grant the missing privilege to this user or token (pveum acl modify PATH --roles ROLE), "
                + "or remember that API tokens with privilege separation need their own ACLs."
        }
        if code == .unauthorized && lowered.contains("csrf") {
            return "The CSRFPreventionToken header did not match the ticket; log in again."
        }
        if code == .nodeUnreachable {
            return "The node this request was proxied to did not answer; check that it is online and in the cluster."
        }
        return nil
    }

    static func standardPhrase(for status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 595...599: return "Node unreachable"
        default: return "HTTP status \(status)"
        }
    }
}

extension String {
    /// This string without the newlines PVE appends to its messages.
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
