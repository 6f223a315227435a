import Foundation
import Hummingbird

/// Every path the server answers, each with who may call it (RoutePolicy, checked before the handler). The list reads
/// one to one against openapi.yaml, whose `x-access` of each operation says the same (ContractTests compares them);
/// the authorization-matrix test calls every route as every role.
func registerRoutes(_ r: RouteTable, _ s: Services) {
    // The training cache keeps desk pages (applications with their program, organization and group names) and
    // journals (groups, lessons with their plan names, marks); writes to these wait for its notices (read-your-writes).
    let trainingWrites = [
        "/api/v1/applications", "/api/v1/programs", "/api/v1/application-batches", "/api/v1/application-invitations",
        "/api/v1/groups", "/api/v1/modules", "/api/v1/tests", "/api/v1/test-attempts", "/api/v1/check-tasks",
        "/api/v1/check-task-submissions",
    ]
    r.writesTrainingData = { method, path in
        // an attempt started or an answer saved changes no journal: the attempt shows there when it closes; a
        // lesson's conference and a group's Moodle course are in no cached answer
        (trainingWrites.contains { path.hasPrefix($0) } && !path.hasSuffix("/answers/{questionId}")
            && !path.hasSuffix("/{testId}/attempts") && !path.contains("/conference") && !path.contains("/moodle"))
            || (method == .patch && path == "/api/v1/organizations/{orgId}")
    }
    let readers = InventoryService.readers
    let regionReaders = TrainingAccess.regionReaders

    let system = SystemController(
        db: s.db, migrator: s.migrator, registry: PlatformMetrics.registry(), openAPIPath: "openapi.yaml",
        metricsToken: s.configuration.metricsToken)
    r.get("/healthz", .open, system.health)
    r.get("/readyz", .open, system.ready)
    r.get("/metrics", .open, system.metrics)  // served only to the holder of METRICS_TOKEN
    r.get("/api/v1/openapi.yaml", .open, system.openAPI)
    r.get("/docs", .open, system.docs)

    let auth = AuthController(
        accounts: s.accounts, secureCookies: s.configuration.publicURL.hasPrefix("https"),
        trustProxy: s.configuration.trustProxy)
    r.post("/api/v1/auth/register/learner", .open, auth.registerLearner)
    r.post("/api/v1/auth/register/organization", .open, auth.registerOrganization)
    r.post("/api/v1/auth/confirm-email", .open, auth.confirmEmail)
    r.post("/api/v1/auth/confirm-email/resend", .open, auth.resendConfirmation)
    r.post("/api/v1/auth/login", .open, auth.login)
    r.post("/api/v1/auth/refresh", .open, auth.refresh)
    r.post("/api/v1/auth/logout", .open, auth.logout)
    r.post("/api/v1/auth/password-reset/request", .open, auth.requestReset)
    r.post("/api/v1/auth/password-reset/confirm", .open, auth.confirmReset)

    let profiles = ProfileService(db: s.db)
    let me = MeController(
        accounts: s.accounts, profiles: profiles, inbox: InboxService(repository: InboxRepository(db: s.db)))
    r.get("/api/v1/me", .signedIn, me.show)
    r.patch("/api/v1/me", .signedIn, me.update)
    r.post("/api/v1/me/password", .signedIn, me.changePassword)
    r.get("/api/v1/me/messages", .signedIn, me.messages)
    r.post("/api/v1/me/messages/{id}/read", .signedIn, me.markRead)
    let cabinet = CabinetController(service: CabinetService(repository: CabinetRepository(db: s.db)))
    r.get("/api/v1/me/counters", .signedIn, cabinet.counters)
    let personal = PersonalCatalogController(
        service: PersonalCatalogService(repository: PersonalCatalogRepository(db: s.db)))
    r.get("/api/v1/me/favorites", .signedIn, personal.favorites)
    r.put("/api/v1/me/favorites/{programId}", .signedIn, personal.add)
    r.delete("/api/v1/me/favorites/{programId}", .signedIn, personal.remove)
    r.get("/api/v1/me/search-history", .signedIn, personal.history)
    r.delete("/api/v1/me/search-history", .signedIn, personal.clear)

    let admin = AdminService(db: s.db, accounts: s.accounts, mailer: s.mailer)
    let users = AdminUsersController(admin: admin, profiles: profiles)
    // seed 000: the moderator has «доступ ко всему функционалу» of moderation — directories, blocking accounts,
    // organization approvals, the region's applications and groups (TrainingAccess.operators)
    let moderators: Set<Role> = [.admin, .moderator]
    r.get("/api/v1/admin/users", .roles(moderators), users.list)
    r.post("/api/v1/admin/users", .roles([.admin]), users.create)
    r.get("/api/v1/admin/users/{id}", .roles(moderators), users.show)
    r.patch("/api/v1/admin/users/{id}", .roles([.admin]), users.update)
    r.delete("/api/v1/admin/users/{id}", .roles([.admin]), users.delete)
    r.post("/api/v1/admin/users/{id}/block", .roles(moderators), users.block)
    r.post("/api/v1/admin/users/{id}/unblock", .roles(moderators), users.unblock)
    r.post("/api/v1/admin/users/{id}/restore", .roles([.admin]), users.restore)
    r.put("/api/v1/admin/users/{id}/roles/{role}", .roles([.admin]), users.grant)
    r.delete("/api/v1/admin/users/{id}/roles/{role}", .roles([.admin]), users.revoke)
    let moderation = AdminOrganizationsController(admin: admin)
    r.get("/api/v1/admin/organizations", .roles([.admin, .moderator]), moderation.list)
    r.post("/api/v1/admin/organizations/{id}/approve", .roles([.admin, .moderator]), moderation.approve)
    r.post("/api/v1/admin/organizations/{id}/reject", .roles([.admin, .moderator]), moderation.reject)
    r.get(
        "/api/v1/admin/audit", .roles([.admin]),
        AuditController(service: AuditService(repository: AuditRepository(db: s.db))).list)

    let directories = DirectoriesController(service: DirectoriesService(db: s.db))
    r.get("/api/v1/priority-competencies", .open, directories.priority)
    r.get("/api/v1/directories", .open, directories.kinds)
    r.get("/api/v1/directories/{kind}", .open, directories.list)
    r.post("/api/v1/directories/{kind}", .roles(moderators), directories.create)
    r.get("/api/v1/directories/{kind}/{id}", .open, directories.show)
    r.patch("/api/v1/directories/{kind}/{id}", .roles(moderators), directories.update)
    r.delete("/api/v1/directories/{kind}/{id}", .roles(moderators), directories.delete)

    let files = FilesController(
        service: FilesService(
            files: FilesRepository(db: s.db), store: FileStore(root: s.configuration.filesDir),
            maxBytes: s.configuration.filesMaxBytes, quotaBytes: s.configuration.filesQuotaBytes))
    r.post("/api/v1/files", .signedIn, files.upload)
    r.get("/api/v1/files/{id}", .open, files.download)  // public files, or the caller's own and organization's

    let modules = ModulesController(service: ModulesService(db: s.db))
    r.get("/api/v1/modules", .signedIn, modules.list)
    r.post("/api/v1/modules", .signedIn, modules.create)
    r.get("/api/v1/modules/{moduleId}", .signedIn, modules.show)
    r.patch("/api/v1/modules/{moduleId}", .signedIn, modules.update)
    r.delete("/api/v1/modules/{moduleId}", .signedIn, modules.delete)
    r.post("/api/v1/modules/{moduleId}/copy", .signedIn, modules.copy)
    r.post("/api/v1/modules/{moduleId}/topics", .signedIn, modules.addTopic)
    r.patch("/api/v1/modules/{moduleId}/topics/{topicId}", .signedIn, modules.updateTopic)
    r.delete("/api/v1/modules/{moduleId}/topics/{topicId}", .signedIn, modules.deleteTopic)
    r.post("/api/v1/modules/{moduleId}/topics/{topicId}/lessons", .signedIn, modules.addLesson)
    r.patch("/api/v1/modules/{moduleId}/topics/{topicId}/lessons/{lessonId}", .signedIn, modules.updateLesson)
    r.delete("/api/v1/modules/{moduleId}/topics/{topicId}/lessons/{lessonId}", .signedIn, modules.deleteLesson)

    let programs = ProgramsController(service: ProgramsService(db: s.db, mailer: s.mailer))
    r.get("/api/v1/programs", .signedIn, programs.list)
    r.post("/api/v1/programs", .signedIn, programs.create)
    r.get("/api/v1/programs/{programId}", .signedIn, programs.show)
    r.patch("/api/v1/programs/{programId}", .signedIn, programs.update)
    r.put("/api/v1/programs/{programId}/modules", .signedIn, programs.setModules)
    r.post("/api/v1/programs/{programId}/submit", .signedIn) { try await programs.act(.submit, $0, $1) }
    r.post("/api/v1/programs/{programId}/publish", .signedIn) { try await programs.act(.publish, $0, $1) }
    r.post("/api/v1/programs/{programId}/return", .signedIn) { try await programs.act(.returnForRevision, $0, $1) }
    r.post("/api/v1/programs/{programId}/archive", .signedIn) { try await programs.act(.archive, $0, $1) }
    r.post("/api/v1/programs/{programId}/revise", .signedIn) { try await programs.act(.revise, $0, $1) }
    r.post("/api/v1/programs/{programId}/restore", .signedIn) { try await programs.act(.restore, $0, $1) }
    r.delete("/api/v1/programs/{programId}", .signedIn, programs.delete)
    r.post("/api/v1/programs/{programId}/materials", .signedIn, programs.addMaterial)
    r.delete("/api/v1/programs/{programId}/materials/{materialId}", .signedIn, programs.removeMaterial)
    r.get("/api/v1/programs/{programId}/comments", .signedIn, programs.comments)
    r.post("/api/v1/programs/{programId}/comments", .signedIn, programs.addComment)

    let requests = ProgramRequestsController(service: ProgramRequestsService(db: s.db, mailer: s.mailer))
    r.get("/api/v1/program-requests", .signedIn, requests.list)
    r.post("/api/v1/program-requests", .signedIn, requests.create)
    r.get("/api/v1/program-requests/{requestId}", .signedIn, requests.show)
    r.post("/api/v1/program-requests/{requestId}/take", .signedIn) { try await requests.act(.take, $0, $1) }
    r.post("/api/v1/program-requests/{requestId}/complete", .signedIn) { try await requests.act(.complete, $0, $1) }
    r.post("/api/v1/program-requests/{requestId}/reject", .signedIn) { try await requests.act(.reject, $0, $1) }

    let catalog = CatalogController(
        service: CatalogService(
            catalog: CatalogRepository(db: s.db), personal: PersonalCatalogRepository(db: s.db), cache: s.catalogCache))
    r.get("/api/v1/catalog/programs", .open, catalog.search)
    r.get("/api/v1/catalog/programs/{programId}", .open, catalog.show)
    let search = SearchController(service: SearchService(db: s.db))
    r.get("/api/v1/catalog/suggest", .open, search.suggest)
    r.get("/api/v1/search-synonyms", .roles(moderators), search.list)
    r.post("/api/v1/search-synonyms", .roles(moderators), search.create)
    r.get("/api/v1/search-synonyms/{synonymId}", .roles(moderators), search.show)
    r.patch("/api/v1/search-synonyms/{synonymId}", .roles(moderators), search.update)
    r.delete("/api/v1/search-synonyms/{synonymId}", .roles(moderators), search.delete)

    let zone = s.configuration.regionTimeZone
    let eventCalendar = EventCalendarService(repository: EventCalendarRepository(db: s.db), zone: zone)
    let events = EventsController(
        service: EventsService(db: s.db, mailer: s.mailer, zone: zone), calendar: eventCalendar)
    r.get("/api/v1/events", .signedIn, events.list)
    r.post("/api/v1/events", .signedIn, events.create)
    r.get("/api/v1/events/{eventId}", .signedIn, events.show)
    r.patch("/api/v1/events/{eventId}", .signedIn, events.update)
    r.delete("/api/v1/events/{eventId}", .signedIn, events.delete)
    r.get("/api/v1/events/{eventId}/history", .signedIn, events.history)
    r.get("/api/v1/events/{eventId}/occurrences", .signedIn, events.occurrences)
    r.post("/api/v1/events/{eventId}/exceptions", .signedIn, events.exception)
    r.post("/api/v1/events/{eventId}/submit", .signedIn) { try await events.act(.submit, $0, $1) }
    r.post("/api/v1/events/{eventId}/publish", .signedIn) { try await events.act(.publish, $0, $1) }
    r.post("/api/v1/events/{eventId}/return", .signedIn) { try await events.act(.returnForRevision, $0, $1) }
    r.post("/api/v1/events/{eventId}/archive", .signedIn) { try await events.act(.archive, $0, $1) }
    r.post("/api/v1/events/{eventId}/restore", .signedIn) { try await events.act(.restore, $0, $1) }
    let calendar = EventCalendarController(calendar: eventCalendar, events: EventsRepository(db: s.db))
    r.get("/api/v1/catalog/events", .open, calendar.search)
    r.get("/api/v1/catalog/events/{eventId}", .open, calendar.show)
    let signups = EventSignupsController(
        service: EventSignupsService(db: s.db, mailer: s.mailer, calendar: eventCalendar), documents: s.documents)
    r.post("/api/v1/catalog/events/{eventId}/signups", .signedIn, signups.signUp)
    r.get("/api/v1/me/event-signups", .signedIn, signups.mine)
    r.get("/api/v1/event-signups", .signedIn, signups.desk)
    r.get("/api/v1/event-signups/{signupId}", .signedIn, signups.show)
    r.post("/api/v1/event-signups/{signupId}/confirm", .signedIn) { try await signups.act(.confirm, $0, $1) }
    r.post("/api/v1/event-signups/{signupId}/postpone", .signedIn) { try await signups.act(.postpone, $0, $1) }
    r.post("/api/v1/event-signups/{signupId}/cancel", .signedIn) { try await signups.act(.cancel, $0, $1) }
    r.post("/api/v1/event-signups/{signupId}/withdraw", .signedIn) { try await signups.act(.withdraw, $0, $1) }
    r.get("/api/v1/event-signups/{signupId}/certificate", .signedIn, signups.certificate)

    let documents = DocumentsController(service: s.documents)
    r.get("/api/v1/documents/verify/{code}", .open, documents.verify)
    r.get("/api/v1/document-templates", .roles(moderators), documents.list)
    r.get("/api/v1/document-templates/{kind}", .roles(moderators), documents.download)
    r.put("/api/v1/document-templates/{kind}", .roles([.admin]), documents.replace)
    r.delete("/api/v1/document-templates/{kind}", .roles([.admin]), documents.reset)

    let organizations = OrganizationsController(
        profiles: OrganizationProfileService(db: s.db), documents: OrganizationDocumentsService(db: s.db))
    r.get("/api/v1/organizations", .open, organizations.list)
    r.get("/api/v1/organizations/{orgId}", .open, organizations.show)
    r.patch("/api/v1/organizations/{orgId}", .signedIn, organizations.update)
    r.get("/api/v1/organizations/{orgId}/documents", .open, organizations.listDocuments)
    r.post("/api/v1/organizations/{orgId}/documents", .signedIn, organizations.addDocument)
    r.delete("/api/v1/organizations/{orgId}/documents/{documentId}", .signedIn, organizations.deleteDocument)
    r.get("/api/v1/organizations/{orgId}/gallery", .open, organizations.listGallery)
    r.post("/api/v1/organizations/{orgId}/gallery", .signedIn, organizations.addGallery)
    r.delete("/api/v1/organizations/{orgId}/gallery/{itemId}", .signedIn, organizations.deleteGallery)
    let staff = StaffController(staff: StaffService(db: s.db, accounts: s.accounts))
    r.get("/api/v1/organizations/{orgId}/staff", .signedIn, staff.list)
    r.post("/api/v1/organizations/{orgId}/staff", .signedIn, staff.add)
    r.delete("/api/v1/organizations/{orgId}/staff/{userId}", .signedIn, staff.remove)
    let staffInvitations = StaffInvitationsController(
        invitations: StaffInvitationsService(db: s.db, staff: StaffService(db: s.db, accounts: s.accounts)))
    r.get("/api/v1/organizations/{orgId}/staff-invitations", .signedIn, staffInvitations.ofOrganization)
    r.delete("/api/v1/organizations/{orgId}/staff-invitations/{invitationId}", .signedIn, staffInvitations.withdraw)
    r.get("/api/v1/me/staff-invitations", .signedIn, staffInvitations.mine)
    r.post("/api/v1/me/staff-invitations/{invitationId}/accept", .signedIn, staffInvitations.accept)
    r.post("/api/v1/me/staff-invitations/{invitationId}/decline", .signedIn, staffInvitations.decline)

    // the inventory lists (seed 000 §4): members fill them, ЦОПП and the region read them; of the readers only an
    // admin writes (InventoryService answers 403 to the others)
    let objectGroups = InventoryController(
        service: InventoryService(db: s.db, resource: InventoryResources.objectGroups))
    r.get("/api/v1/organizations/{orgId}/object-groups", .memberOr(readers), objectGroups.list)
    r.post("/api/v1/organizations/{orgId}/object-groups", .memberOr(readers), objectGroups.create)
    r.get("/api/v1/organizations/{orgId}/object-groups/{itemId}", .memberOr(readers), objectGroups.show)
    r.patch("/api/v1/organizations/{orgId}/object-groups/{itemId}", .memberOr(readers), objectGroups.update)
    r.delete("/api/v1/organizations/{orgId}/object-groups/{itemId}", .memberOr(readers), objectGroups.delete)
    let rooms = InventoryController(service: InventoryService(db: s.db, resource: InventoryResources.rooms))
    r.get("/api/v1/organizations/{orgId}/rooms", .memberOr(readers), rooms.list)
    r.post("/api/v1/organizations/{orgId}/rooms", .memberOr(readers), rooms.create)
    r.get("/api/v1/organizations/{orgId}/rooms/{itemId}", .memberOr(readers), rooms.show)
    r.patch("/api/v1/organizations/{orgId}/rooms/{itemId}", .memberOr(readers), rooms.update)
    r.delete("/api/v1/organizations/{orgId}/rooms/{itemId}", .memberOr(readers), rooms.delete)
    let equipment = InventoryController(service: InventoryService(db: s.db, resource: InventoryResources.equipment))
    r.get("/api/v1/organizations/{orgId}/equipment", .memberOr(readers), equipment.list)
    r.post("/api/v1/organizations/{orgId}/equipment", .memberOr(readers), equipment.create)
    r.get("/api/v1/organizations/{orgId}/equipment/{itemId}", .memberOr(readers), equipment.show)
    r.patch("/api/v1/organizations/{orgId}/equipment/{itemId}", .memberOr(readers), equipment.update)
    r.delete("/api/v1/organizations/{orgId}/equipment/{itemId}", .memberOr(readers), equipment.delete)
    let people = InventoryController(service: InventoryService(db: s.db, resource: InventoryResources.staff))
    r.get("/api/v1/organizations/{orgId}/staff-resources", .memberOr(readers), people.list)
    r.post("/api/v1/organizations/{orgId}/staff-resources", .memberOr(readers), people.create)
    r.get("/api/v1/organizations/{orgId}/staff-resources/{itemId}", .memberOr(readers), people.show)
    r.patch("/api/v1/organizations/{orgId}/staff-resources/{itemId}", .memberOr(readers), people.update)
    r.delete("/api/v1/organizations/{orgId}/staff-resources/{itemId}", .memberOr(readers), people.delete)

    let batches = ApplicationBatchesService(db: s.db, mailer: s.mailer)
    let applications = ApplicationsController(
        service: ApplicationsService(db: s.db, mailer: s.mailer), cache: s.trainingCache, documents: s.documents)
    r.post("/api/v1/programs/{programId}/applications", .signedIn, applications.apply)
    r.get("/api/v1/me/applications", .signedIn, applications.mine)
    r.get("/api/v1/applications", .anyOrganizationOr(regionReaders), applications.list)
    r.get("/api/v1/applications/{applicationId}", .signedIn, applications.show)
    r.post("/api/v1/applications/{applicationId}/postpone", .signedIn) { try await applications.act(.postpone, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/resume", .signedIn) { try await applications.act(.resume, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/cancel", .signedIn) { try await applications.act(.cancel, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/withdraw", .signedIn) { try await applications.act(.withdraw, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/confirm", .signedIn) { try await applications.act(.confirm, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/waitlist", .signedIn) { try await applications.act(.waitlist, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/enroll", .signedIn) { try await applications.act(.enroll, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/complete", .signedIn) { try await applications.act(.complete, $0, $1) }
    r.post("/api/v1/applications/{applicationId}/expel", .signedIn) { try await applications.act(.expel, $0, $1) }
    r.get("/api/v1/applications/{applicationId}/comments", .signedIn, applications.comments)
    r.post("/api/v1/applications/{applicationId}/comments", .signedIn, applications.addComment)
    let batchRoutes = ApplicationBatchesController(service: batches)
    r.get("/api/v1/application-batches", .signedIn, batchRoutes.list)
    r.post("/api/v1/application-batches", .signedIn, batchRoutes.submit)
    r.get("/api/v1/application-batches/{batchId}", .signedIn, batchRoutes.show)
    let invitations = ApplicationInvitationsController(service: ApplicationInvitationsService(db: s.db))
    r.post("/api/v1/application-invitations/lookup", .open, invitations.lookup)
    r.post("/api/v1/application-invitations/accept", .signedIn, invitations.accept)

    let groups = GroupsController(
        groups: GroupsService(db: s.db, mailer: s.mailer, zone: s.configuration.regionTimeZone),
        schedule: ScheduleService(db: s.db),
        gradebook: GradebookService(db: s.db, cache: s.trainingCache), documents: s.documents)
    r.get("/api/v1/groups", .signedIn, groups.list)
    r.post("/api/v1/groups", .signedIn, groups.create)
    r.get("/api/v1/groups/{groupId}", .signedIn, groups.show)
    r.patch("/api/v1/groups/{groupId}", .signedIn, groups.update)
    r.post("/api/v1/groups/{groupId}/form", .signedIn) { try await groups.act(.form, $0, $1) }
    r.post("/api/v1/groups/{groupId}/unform", .signedIn) { try await groups.act(.unform, $0, $1) }
    r.post("/api/v1/groups/{groupId}/confirm_enrollment", .signedIn) {
        try await groups.act(.confirmEnrollment, $0, $1)
    }
    r.post("/api/v1/groups/{groupId}/finish", .signedIn) { try await groups.act(.finish, $0, $1) }
    r.post("/api/v1/groups/{groupId}/confirm_completion", .signedIn) {
        try await groups.act(.confirmCompletion, $0, $1)
    }
    r.get("/api/v1/groups/{groupId}/schedule", .signedIn, groups.lessons)
    r.post("/api/v1/groups/{groupId}/schedule", .signedIn, groups.generate)
    r.delete("/api/v1/groups/{groupId}/schedule", .signedIn, groups.deleteRange)
    r.patch("/api/v1/groups/{groupId}/schedule/{lessonId}", .signedIn, groups.updateLesson)
    r.delete("/api/v1/groups/{groupId}/schedule/{lessonId}", .signedIn, groups.deleteLesson)
    let conferences = ConferencesController(
        service: ConferencesService(
            db: s.db, server: s.configuration.bigBlueButton, publicURL: s.configuration.publicURL,
            zone: s.configuration.regionTimeZone))
    r.get("/api/v1/conferences/settings", .signedIn, conferences.settings)
    r.put("/api/v1/groups/{groupId}/schedule/{lessonId}/conference", .signedIn, conferences.set)
    r.delete("/api/v1/groups/{groupId}/schedule/{lessonId}/conference", .signedIn, conferences.remove)
    r.post("/api/v1/groups/{groupId}/schedule/{lessonId}/conference/join", .signedIn, conferences.join)
    // the group's Moodle course (optional): its readers see who was pushed, its managers name the course and push
    let moodle = MoodleController(service: MoodleService(db: s.db, client: s.configuration.moodle))
    r.get("/api/v1/moodle/settings", .signedIn, moodle.settings)
    r.get("/api/v1/groups/{groupId}/moodle", .signedIn, moodle.state)
    r.put("/api/v1/groups/{groupId}/moodle", .signedIn, moodle.setCourse)
    r.post("/api/v1/groups/{groupId}/moodle/push", .signedIn, moodle.push)
    r.get("/api/v1/groups/{groupId}/gradebook", .signedIn, groups.journal)
    r.put("/api/v1/groups/{groupId}/gradebook/marks", .signedIn, groups.setMark)
    r.put("/api/v1/groups/{groupId}/gradebook/final", .signedIn, groups.setFinal)
    r.get("/api/v1/applications/{applicationId}/grades", .signedIn, groups.learnerGrades)
    r.get("/api/v1/applications/{applicationId}/completion-certificate", .signedIn, applications.completionCertificate)
    r.get("/api/v1/groups/{groupId}/enrollment-order", .signedIn, groups.enrollmentOrder)

    let schedule = ScheduleViewsController(service: ScheduleService(db: s.db))
    r.get("/api/v1/me/schedule", .signedIn, schedule.mine)
    r.get("/api/v1/schedule", .anyOrganizationOr(regionReaders), schedule.region)
    r.get("/api/v1/schedule/rooms", .anyOrganizationOr(regionReaders), schedule.rooms)

    registerLearningRoutes(r, s)
    registerCareerGuidanceRoutes(r, s)
    registerQualityRoutes(r, s)

    let registries = RegistriesController(service: RegistriesService(db: s.db))
    r.get("/api/v1/registries/enrollments", .anyOrganizationOr(regionReaders), registries.enrollments)
    r.get("/api/v1/registries/documents", .anyOrganizationOr(regionReaders), registries.documents)
    r.get("/api/v1/registries/documents/frdo", .anyOrganizationOr(regionReaders), registries.frdo)
}
