import Foundation

extension Identity {
    /// The organization a new object (module, program) will belong to: the one requested if the caller may author there
    /// (admins anywhere), else the caller's only such organization; several → 422 asking to choose, none → 403.
    func owningOrganization(requested: UUID?, authorRoles: Set<Role>) throws -> UUID {
        let editable = hasAny(authorRoles) ? orgIds : []
        if let requested {
            guard editable.contains(requested) || has(.admin) else { throw Problem.notFound }
            return requested
        }
        if editable.count == 1 { return editable[0] }
        if editable.isEmpty && !has(.admin) { throw Problem.forbidden }
        throw Problem.validation([FieldError("organizationId", "required", "Выберите организацию")])
    }
}
