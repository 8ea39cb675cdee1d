import Store

/// The demo directory itself: six invented organizations and their places, facilitators, groups and meetings.
/// Phone numbers: organizations 555-0101…0106, facilitators 555-0110…0129 and 555-0141…0143,
/// group contacts 555-0131…0139, dial-ins 555-0150…0159.
enum DemoDirectory {
    static func write(_ w: DemoWriter) throws {
        try losAngeles(w)
        try denver(w)
        try chicago(w)
        try newYorkCity(w)
        try fingerLakes(w)
        try highPlains(w)
    }

    static let year = 365

    // MARK: - Los Angeles

    static func losAngeles(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "eastside-peer-collective", name: "Eastside Peer Support Collective", domain: "eastsidepeers",
            phone: "555-0101", timeZone: "America/Los_Angeles",
            description: "A peer-run collective in East Los Angeles. Our groups are led by neighbors with lived experience of mental health conditions, recovery, caregiving and loss, and meet in English, Spanish, Korean and Vietnamese.")
        try w.tags(org, ["open", "closed", "newcomers", "wheelchair", "online", "spanish", "korean", "young-people", "women-only", "children-welcome", "lgbtq", "outdoor"])

        let center = try w.place(
            org, "Eastside Community Center", kind: "community_center", address: "1840 E. First Street",
            city: "Los Angeles", county: "Los Angeles County", state: "CA", zip: "90033", latitude: 34.0462, longitude: -118.2128,
            access: [.wheelchair, .parking, .transit],
            accessibilityNotes: "Step-free entrance on the First Street side; accessible restrooms on both floors. Metro E Line, Soto station, is two blocks east.",
            directions: "Room 204, second floor; elevator by the front desk.")
        let library = try w.place(
            org, "Arroyo Branch Library", kind: "library", address: "4120 N. Figueroa Street",
            city: "Los Angeles", county: "Los Angeles County", state: "CA", zip: "90065", latitude: 34.1063, longitude: -118.2062,
            access: [.wheelchair, .transit],
            accessibilityNotes: "Ramp at the side entrance. Free street parking is limited after 5 pm.",
            directions: "Community room at the back of the library, past the children's section.")
        let clinic = try w.place(
            org, "Wilshire Community Health Clinic", kind: "clinic", address: "3350 W. 8th Street",
            city: "Los Angeles", county: "Los Angeles County", state: "CA", zip: "90005", latitude: 34.0577, longitude: -118.2961,
            access: [.wheelchair, .parking, .transit],
            accessibilityNotes: "Validated parking in the garage on Hobart Boulevard. Elevator to all floors.",
            directions: "Third-floor conference room; check in at reception and mention the caregivers group.")
        let park = try w.place(
            org, "Mariposa Park", kind: "park", address: "3540 N. Mission Road",
            city: "Los Angeles", county: "Los Angeles County", state: "CA", zip: "90031", latitude: 34.0716, longitude: -118.2075,
            access: [.parking],
            accessibilityNotes: "The walking loop is paved and mostly flat. Accessible restroom by the recreation building.",
            directions: "Meet at the picnic tables next to the recreation building; look for the blue Circles sign.")
        let online = try w.virtualPlace(
            org, "Eastside Online Room", kind: "online", city: "Los Angeles", state: "CA", access: [.wheelchair],
            accessibilityNotes: "Live captions are turned on in every online meeting.",
            directions: "Join from a computer, tablet or phone; the link is on the group's page, or sent after you register.")

        let rosa = try w.facilitator(
            org, "Rosa M.",
            bio: "I have lived with depression since my twenties and found my footing in a peer group much like this one. I've facilitated for six years, in English and Spanish, and I still learn something every week.",
            livedExperience: ["depression", "anxiety", "parenting"], languages: ["en", "es"], email: "rosa", phone: "555-0110",
            trainings: [
                .init(name: "Certified Peer Support Specialist", issuer: "California Peer Certification Program", completedDaysAgo: 700, validForDays: 2 * year),
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 500, validForDays: 3 * year),
            ])
        let danny = try w.facilitator(
            org, "Danny",
            bio: "I'm a Korean American son who cared for my mother through eight years of dementia. I started the caregivers circle because I needed one, and I run it in Korean and English.",
            livedExperience: ["caregiving", "dementia"], languages: ["ko", "en"], email: "danny", phone: "555-0111",
            trainings: [.init(name: "Dementia Caregiver Support Group Facilitator Training", issuer: "Wilshire Community Health Clinic", completedDaysAgo: 400, validForDays: nil)])
        let linh = try w.facilitator(
            org, "Linh",
            bio: "I came to Los Angeles from Da Nang with two suitcases and very little English. Ten years later I host the coffee hour I wish I had found in my first winter here.",
            livedExperience: ["immigration", "loneliness"], languages: ["vi", "en"], email: "linh", phone: "555-0112",
            trainings: [.init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 900, validForDays: nil)])
        let jules = try w.facilitator(
            org, "Jules",
            bio: "I'm a queer, nonbinary person in long-term recovery from an eating disorder. Being in a room with people who got it was the turning point for me, so now I help hold that room.",
            livedExperience: ["eating disorder recovery", "LGBTQ+", "anxiety"], languages: ["en"], email: "jules", phone: "555-0113",
            trainings: [
                .init(name: "Eating Disorder Peer Mentor Training", issuer: "Pacific Eating Disorder Recovery Alliance", completedDaysAgo: 300, validForDays: 2 * year),
                // Lapsed: renewal is on the facilitator's to-do list.
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 1500, validForDays: 3 * year),
            ])

        let circle = try w.group(
            org, "eastside-mental-health-peer-circle", "Eastside Mental Health Peer Circle",
            summary: "A weekly drop-in circle for adults living with depression, anxiety or another mental health condition.",
            description: "We sit in a circle, check in one by one and talk about how the week has been. Nobody has to share, and nobody gives advice unless you ask for it. The group is led by peers who live with mental health conditions themselves: it is not therapy, but it is a good place to feel less alone. Spanish interpretation on request.",
            at: center, topics: ["mental-health", "depression", "anxiety"], tags: ["open", "newcomers", "wheelchair"],
            audiences: ["adults"], languages: ["en", "es"], facilitators: [rosa])
        let tuesdays = try w.weekly(circle, "TU", "18:30")
        try w.cancel(tuesdays, note: "Room closed for the holiday.")

        let familias = try w.group(
            org, "circulo-de-familias-en-recuperacion", "Círculo de Familias en Recuperación",
            summary: "Un grupo en español para familias de personas con problemas de alcohol o drogas.",
            description: "Madres, padres, parejas y hermanos se reúnen para hablar de lo que significa querer a alguien con una adicción. Compartimos lo que nos ha ayudado, sin juzgar a nadie. El grupo lo guían familiares que han vivido lo mismo. Puede venir en persona o conectarse en línea.",
            format: "hybrid", at: center, topics: ["families-of-people-in-recovery", "addiction-recovery"], tags: ["open", "spanish"],
            audiences: ["families", "parents"], languages: ["es"], facilitators: [rosa], online: "eastside-familias")
        try w.weekly(familias, "TH", "18:00")

        let anxiety = try w.group(
            org, "young-adults-anxiety-check-in", "Young Adults Anxiety Check-In",
            summary: "A relaxed video check-in for people 18 to 25 who live with anxiety or panic.",
            description: "Cameras are optional and the chat is always open if talking feels like too much. We start with a short grounding exercise, then go around and share what has been hard and what has helped. Led by peer facilitators in their twenties who have been there.",
            format: "online", at: online, topics: ["anxiety", "youth"], tags: ["online", "young-people"],
            audiences: ["young_adults"], facilitators: [jules], online: "eastside-young-adults")
        try w.weekly(anxiety, "MO,TH", "19:00", minutes: 60)

        let walk = try w.group(
            org, "grief-walk-and-talk", "Walk and Talk: Grief in Motion",
            summary: "A gentle monthly walk for people grieving a death, followed by coffee in the park.",
            description: "Sometimes it is easier to talk side by side than face to face. We walk the flat loop at an easy pace for about forty minutes, in pairs or quietly, then gather at the picnic tables for coffee. Peer-led by members who have lost a partner, a parent or a child. Come as you are; comfortable shoes help.",
            at: park, topics: ["grief"], tags: ["open", "outdoor"], audiences: ["adults", "seniors"], languages: ["en", "es"], facilitators: [rosa])
        try w.monthly(walk, 1, "SA", "09:00")
        try w.once(walk, inDays: 18, "18:00", minutes: 120, at: center,
                   notes: "Evening workshop indoors at the community center: getting through the holidays after a loss.")

        let caregivers = try w.group(
            org, "koreatown-family-caregivers-circle", "Koreatown Family Caregivers Circle (가족 돌봄 모임)",
            summary: "Korean- and English-speaking caregivers of parents or spouses meet every other week.",
            description: "Caring for a parent with memory loss can feel like a job nobody trained you for, and in many families it is hard to talk about. Here caregivers swap practical tips, vent without being judged and remind each other to rest. Led by a peer who cared for his own mother. Tea and snacks provided.",
            at: clinic, topics: ["caregivers", "dementia"], tags: ["open", "korean"], audiences: ["adults", "families"],
            languages: ["ko", "en"], facilitators: [danny])
        try w.biweekly(caregivers, "WE", "10:30")

        let coffee = try w.group(
            org, "vietnamese-newcomers-coffee-hour", "Nhóm Cà Phê Người Mới Đến — Vietnamese Newcomers Coffee Hour",
            summary: "A Vietnamese-language coffee hour for people settling into life in Los Angeles.",
            description: "Moving to a new country is exciting and lonely at the same time. Over coffee and bánh we share how we are doing, trade tips about buses, clinics and schools, and make friends. Led by community members who made the same move. Children are welcome.",
            at: library, topics: ["immigrants", "isolation"], tags: ["open", "newcomers", "children-welcome"],
            audiences: ["everyone"], languages: ["vi"], facilitators: [linh])
        try w.biweekly(coffee, "SA", "10:00")

        let lgbtq = try w.group(
            org, "lgbtq-peer-support-night", "LGBTQ+ Peer Support Night",
            summary: "An affirming weekly peer group for LGBTQ+ adults, in person and online.",
            description: "Whatever brings you here, coming out, family stress, dating or just a hard week, you will find people who understand. We share, listen, and keep what is said in the room. Peer-led by LGBTQ+ facilitators; all identities and questions are welcome.",
            format: "hybrid", at: center, topics: ["lgbtq", "mental-health"], tags: ["open", "lgbtq", "wheelchair"],
            audiences: ["lgbtq", "adults"], languages: ["en", "es"], facilitators: [jules], online: "eastside-lgbtq")
        try w.weekly(lgbtq, "FR", "19:00")

        let moms = try w.group(
            org, "eastside-pregnancy-and-new-moms-circle", "Eastside Pregnancy & New Moms Circle",
            summary: "Expecting and new mothers share the joys and the hard parts of the first year.",
            description: "Bring the baby, bring your questions, or just bring yourself. We talk about sleep, feeding, changing relationships and the feelings nobody warned us about, including postpartum depression and anxiety. Led by moms who have been through it, in English and Spanish.",
            at: center, topics: ["postpartum", "parenting", "womens-groups"], tags: ["women-only", "children-welcome", "newcomers"],
            audiences: ["women", "parents"], languages: ["en", "es"], facilitators: [rosa])
        try w.weekly(moms, "WE", "10:00")

        let eating = try w.group(
            org, "eating-disorder-recovery-peer-group", "Eating Disorder Recovery Peer Group",
            summary: "A closed online group for adults in recovery from an eating disorder.",
            description: "We talk about recovery, not numbers: no weights, calories or sizes. Members meet each week to share what is working, ask for support before hard moments and celebrate small wins. A short phone conversation with a facilitator comes before joining, so the group stays safe for everyone. Peer-led; it does not replace treatment.",
            format: "online", at: online, topics: ["eating-disorders"], tags: ["closed", "online"], audiences: ["adults"],
            facilitators: [jules], registration: "groups/eating-disorder-recovery", online: "eastside-ed-recovery",
            onlineDetailsPrivate: true, contact: .email("recovery"))
        try w.weekly(eating, "SU", "17:00", minutes: 75)
    }

    // MARK: - Denver

    static func denver(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "front-range-recovery", name: "Front Range Recovery Community", domain: "frontrangerecovery",
            phone: "555-0102", timeZone: "America/Denver",
            description: "A recovery community organization on East Colfax. Peers in long-term recovery from alcohol and drugs run our meetings, a late-night phone line and a veterans circle, and families are welcome too. All our groups are free.")
        try w.tags(org, ["open", "closed", "speaker", "step-study", "discussion", "newcomers", "women-only", "men-only", "wheelchair", "asl", "childcare"])

        let center = try w.place(
            org, "Colfax Recovery Community Center", kind: "community_center", address: "1550 E. Colfax Avenue",
            city: "Denver", county: "Denver County", state: "CO", zip: "80218", latitude: 39.7403, longitude: -104.9686,
            access: [.wheelchair, .asl, .transit],
            accessibilityNotes: "ASL interpreters at the monthly ASL circle and, with a week's notice, at any meeting. The Colfax bus stops at the door.",
            directions: "Main-floor meeting room. After 6 pm, use the side door on Gaylord Street.")
        let hall = try w.place(
            org, "Capitol Hill Fellowship Hall", kind: "place_of_worship", address: "1210 N. Pearl Street",
            city: "Denver", county: "Denver County", state: "CO", zip: "80203", latitude: 39.7355, longitude: -104.9806,
            access: [.parking],
            accessibilityNotes: "The hall is down a short flight of stairs and there is no elevator. Small lot behind the building.",
            directions: "Use the alley door marked Fellowship Hall; the meeting is in the basement hall.")
        let clinic = try w.place(
            org, "Westside Community Health Clinic", kind: "clinic", address: "990 Federal Boulevard",
            city: "Denver", county: "Denver County", state: "CO", zip: "80204", latitude: 39.7301, longitude: -105.0250,
            access: [.wheelchair, .parking, .transit],
            accessibilityNotes: "Free parking lot and automatic doors.",
            directions: "Group Room B, first floor, to the left of the pharmacy.")
        let phoneLine = try w.virtualPlace(
            org, "Front Range Peer Phone Line", kind: "phone", city: "Denver", state: "CO",
            directions: "Call the dial-in number at meeting time and enter the code. Other callers do not see your number.")
        // Kept for the online meetings the organization runs from time to time.
        _ = try w.virtualPlace(org, "Front Range Online Room", kind: "online", city: "Denver", state: "CO")

        let marcus = try w.facilitator(
            org, "Marcus W.",
            bio: "I've been in recovery from alcohol and opioids since 2014. I'm a certified peer recovery specialist, and I like meetings that are practical, warm and start on time.",
            livedExperience: ["alcohol recovery", "opioid recovery"], languages: ["en"], email: "marcus", phone: "555-0114",
            trainings: [
                .init(name: "Certified Peer Recovery Specialist", issuer: "Rocky Mountain Peer Certification Board", completedDaysAgo: 400, validForDays: 2 * year),
                .init(name: "Naloxone Training for Peers", issuer: "Front Range Recovery Community", completedDaysAgo: 200, validForDays: 2 * year),
            ])
        let angela = try w.facilitator(
            org, "Angela R.",
            bio: "I served twelve years in the Army, including two deployments, and came home carrying a lot I didn't know how to set down. Talking with other veterans is what helped, and now I hold that space for others.",
            livedExperience: ["military service", "trauma", "alcohol recovery"], languages: ["en", "es"], email: "angela", phone: "555-0115",
            trainings: [
                .init(name: "Certified Peer Specialist", issuer: "Rocky Mountain Peer Certification Board", completedDaysAgo: 600, validForDays: 2 * year),
                .init(name: "Mental Health First Aid for Veterans", issuer: "Mental Health First Aid USA", completedDaysAgo: 300, validForDays: 3 * year),
            ])
        let sam = try w.facilitator(
            org, "Sam",
            bio: "I'm Deaf and have been in recovery for nine years. Meetings without interpreters kept me out for a long time, so I started one where ASL is the main language.",
            livedExperience: ["addiction recovery", "Deaf community"], languages: ["ase", "en"], email: "sam", phone: nil,
            trainings: [.init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 800, validForDays: nil)])
        let pete = try w.facilitator(
            org, "Pete",
            bio: "Retired lineman, father of three, sober eleven years. I answer the late-night line because ten at night used to be the hardest hour of my day.",
            livedExperience: ["alcohol recovery", "depression"], languages: ["en"], email: "pete", phone: "555-0116",
            trainings: [.init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 2000, validForDays: 3 * year)])

        let morning = try w.group(
            org, "colfax-morning-recovery-meeting", "Colfax Morning Recovery Meeting",
            summary: "An early open recovery meeting before work, three mornings a week.",
            description: "Coffee is on at 6:45. We read a short reflection, then open it up for anyone who wants to share about staying sober today. Anyone who wants to stop drinking or using is welcome, and so is anyone who is curious. Peer-led by members in long-term recovery.",
            at: center, topics: ["addiction-recovery", "alcohol", "substance-use"], tags: ["open", "discussion", "wheelchair"],
            facilitators: [marcus])
        try w.weekly(morning, "MO,WE,FR", "07:00", minutes: 60)

        let opioid = try w.group(
            org, "open-door-opioid-recovery-group", "Open Door Opioid Recovery Group",
            summary: "For people in recovery from opioids, including those on medication for opioid use disorder.",
            description: "Every path to recovery is welcome here, including methadone and buprenorphine. We talk honestly about cravings, relationships, work and getting through the day. Naloxone kits are free at every meeting. Led by peers in recovery from opioids.",
            at: clinic, topics: ["substance-use", "addiction-recovery"], tags: ["open", "newcomers", "wheelchair"],
            audiences: ["adults"], languages: ["en", "es"], facilitators: [marcus])
        let opioidTuesdays = try w.weekly(opioid, "TU", "17:30")
        try w.move(opioidTuesdays, to: "18:30", location: center,
                   note: "This week we meet at the Colfax center at 6:30 pm: the clinic is closed for staff training.")

        let steps = try w.group(
            org, "saturday-step-study", "Saturday Step Study",
            summary: "A closed step-study meeting working through the twelve steps together.",
            description: "We read and discuss one step a month, with time for members to share their own experience of it. The meeting is closed: it is for people who have a desire to stop drinking or using. Bring a notebook if you like; literature is available to borrow.",
            at: hall, topics: ["addiction-recovery", "alcohol"], tags: ["closed", "step-study"], audiences: ["adults"], facilitators: [pete])
        try w.weekly(steps, "SA", "10:00", minutes: 75)

        let veterans = try w.group(
            org, "front-range-veterans-peer-circle", "Veterans Peer Circle",
            summary: "Veterans of every branch and era talk with people who have been there.",
            description: "Whether you served forty years ago or got out last month, you will find people here who speak the language. We talk about coming home, sleep, anger, loss and what helps, and nobody has to tell war stories. Peer-led by veterans. Family members are welcome at the last meeting of each month.",
            at: center, topics: ["veterans", "trauma", "mental-health"], tags: ["open", "wheelchair"], audiences: ["veterans"],
            facilitators: [angela])
        try w.biweekly(veterans, "TH", "18:00")

        let women = try w.group(
            org, "women-in-recovery", "Women in Recovery",
            summary: "A speaker meeting by and for women in recovery from alcohol and drugs.",
            description: "Each week one woman shares her story of recovery for about twenty minutes, then the floor is open. We talk about the things that can be hard to say in mixed rooms. Childcare is available in the next room; please call ahead.",
            at: hall, topics: ["addiction-recovery", "womens-groups"], tags: ["open", "women-only", "speaker", "childcare"],
            audiences: ["women"], facilitators: [angela], contact: .phone("555-0131"))
        try w.weekly(women, "TH", "19:00", minutes: 75)

        let lateNight = try w.group(
            org, "recovery-by-phone-late-night-check-in", "Recovery by Phone: Late-Night Check-In",
            summary: "A late-evening phone meeting for anyone in recovery who needs to hear a friendly voice.",
            description: "Evenings can be the hardest part of the day. Call in from wherever you are, listen for as long as you like and share if you want to. No video and no app: just a phone. Peer-led by members in long-term recovery.",
            format: "phone", at: phoneLine, topics: ["substance-use", "addiction-recovery", "isolation"], tags: ["open"],
            audiences: ["adults"], facilitators: [pete], dialIn: "555-0150, code 123456")
        try w.weekly(lateNight, "SU,WE", "21:00", minutes: 45)

        let asl = try w.group(
            org, "asl-recovery-circle", "ASL Recovery Circle",
            summary: "A monthly recovery meeting held in American Sign Language.",
            description: "Deaf, hard of hearing and signing people in recovery meet in ASL, with no interpreter in between. Hearing people who sign are welcome too. We share about recovery, mental health and the isolation of being the only Deaf person in a meeting. Peer-led by a Deaf member in long-term recovery.",
            at: center, topics: ["addiction-recovery", "mental-health"], tags: ["open", "asl"], audiences: ["adults"],
            languages: ["ase"], facilitators: [sam])
        try w.monthly(asl, 2, "TU", "18:30")

        let breakfast = try w.group(
            org, "mens-breakfast-circle", "Men's Breakfast Circle",
            summary: "Men talk about what is really going on, over eggs and coffee.",
            description: "A lot of us were raised not to talk about how we are doing. Over breakfast, men of all ages share about work, fatherhood, loss, depression and anything else on their minds. Peer-led; nobody has to talk, and first-timers eat free.",
            at: hall, topics: ["mens-groups", "mental-health", "depression"], tags: ["open", "men-only"], audiences: ["men"],
            facilitators: [pete], cost: "$5 suggested donation for breakfast, no one turned away")
        try w.weekly(breakfast, "SA", "08:00", minutes: 75)

        let families = try w.group(
            org, "front-range-family-recovery-group", "Front Range Family Recovery Group",
            summary: "For parents, partners and friends who love someone struggling with alcohol or drugs.",
            description: "Loving someone with an addiction can take over your life. Once a month, family members meet in the room or online to share what has helped: setting boundaries, staying connected, and looking after ourselves. Led by parents and partners of people in recovery.",
            format: "hybrid", at: center, topics: ["families-of-people-in-recovery"], tags: ["open", "newcomers"],
            audiences: ["families", "parents"], facilitators: [marcus], online: "frontrange-families")
        try w.monthly(families, -1, "MO", "18:30")
        try w.once(families, inDays: 12, "18:00", minutes: 120, at: clinic,
                   notes: "One-evening workshop at the Westside clinic: how to use naloxone, and how to talk with someone you love about their use. Free kits.")
    }

    // MARK: - Chicago

    static func chicago(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "lakeside-family-network", name: "Lakeside Family & Caregiver Network", domain: "lakesidefamily",
            phone: "555-0103", timeZone: "America/Chicago",
            description: "A network of family, caregiver and bereavement support groups on Chicago's North and Southwest Sides. Our groups are free, peer-led and open to anyone in Cook County, with several in Spanish.")
        try w.tags(org, ["open", "closed", "wheelchair", "spanish", "seniors", "children-welcome", "online"])

        let center = try w.place(
            org, "Uptown Neighborhood Center", kind: "community_center", address: "4612 N. Broadway",
            city: "Chicago", county: "Cook County", state: "IL", zip: "60640", latitude: 41.9656, longitude: -87.6581,
            access: [.wheelchair, .transit],
            accessibilityNotes: "Red Line, Wilson station, is two blocks away. Accessible entrance on Leland Avenue.",
            directions: "Second-floor lounge: take the elevator past the front desk and turn right.")
        let library = try w.place(
            org, "Eighteenth Street Branch Library", kind: "library", address: "1342 W. 18th Street",
            city: "Chicago", county: "Cook County", state: "IL", zip: "60608", latitude: 41.8577, longitude: -87.6594,
            access: [.wheelchair, .transit],
            accessibilityNotes: "Pink Line, 18th station, one block. Elevator inside the main entrance.",
            directions: "Community room on the lower level.")
        let clinic = try w.place(
            org, "Lakeview Wellness Clinic", kind: "clinic", address: "3044 N. Clark Street",
            city: "Chicago", county: "Cook County", state: "IL", zip: "60657", latitude: 41.9371, longitude: -87.6448,
            access: [.wheelchair, .parking, .transit],
            accessibilityNotes: "Two accessible parking spaces behind the building. The Clark Street bus stops in front.",
            directions: "Fourth floor, Suite 410; the meeting room is the first door after the elevators.")
        let park = try w.place(
            org, "Kedzie Park Fieldhouse", kind: "park", address: "1701 N. Kedzie Avenue",
            city: "Chicago", county: "Cook County", state: "IL", zip: "60647", latitude: 41.9126, longitude: -87.7070,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Ramp on the south side of the fieldhouse; street parking on Kedzie.",
            directions: "Multipurpose room inside the fieldhouse, next to the playground.")
        let online = try w.virtualPlace(org, "Lakeside Online Room", kind: "online", city: "Chicago", state: "IL",
                                        accessibilityNotes: "Captions on; you can also join by phone from the video link.")

        let gloria = try w.facilitator(
            org, "Gloria P.",
            bio: "I cared for my husband through seven years of Alzheimer's disease. After he died I kept coming to the caregivers group, and now I help run it. Hablo español también.",
            livedExperience: ["caregiving", "dementia", "grief"], languages: ["en", "es"], email: "gloria", phone: "555-0117",
            trainings: [
                .init(name: "Dementia Caregiver Support Group Facilitator Training", issuer: "Lakeside Family & Caregiver Network", completedDaysAgo: 700, validForDays: nil),
                .init(name: "Grief Facilitator Training", issuer: "Midwest Bereavement Training Collaborative", completedDaysAgo: 300, validForDays: nil),
            ])
        let kevin = try w.facilitator(
            org, "Kevin O.",
            bio: "My brother died by suicide eight years ago. The first time I walked into a loss survivors group I couldn't say his name; now I sit with people who are in that same place.",
            livedExperience: ["suicide loss", "grief", "depression"], languages: ["en"], email: "kevin", phone: "555-0118",
            trainings: [
                .init(name: "Suicide Loss Support Group Facilitator Training", issuer: "Midwest Bereavement Training Collaborative", completedDaysAgo: 900, validForDays: nil),
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 400, validForDays: 3 * year),
            ])
        let priya = try w.facilitator(
            org, "Priya S.",
            bio: "I'm a two-time cancer survivor who also lives with lupus. I know the difference between the good-day me and the flare-day me, and I want groups where both are welcome.",
            livedExperience: ["cancer", "chronic illness"], languages: ["en"], email: "priya", phone: "555-0119",
            trainings: [.init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 500, validForDays: nil)])
        let teresa = try w.facilitator(
            org, "Teresa",
            bio: "I'm a mom of three teenagers and a former foster parent. I've sat in a lot of waiting rooms and a lot of parent meetings, and the ones that helped were run by other parents.",
            livedExperience: ["parenting", "youth mental health", "grief"], languages: ["en", "es"], email: "teresa", phone: "555-0120",
            trainings: [.init(name: "Youth Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 200, validForDays: 3 * year)])

        let dementia = try w.group(
            org, "caring-for-someone-with-dementia", "Caring for Someone with Dementia",
            summary: "A monthly afternoon group for family members caring for someone with dementia.",
            description: "Spouses, adult children and friends meet to share what is working, what isn't and how they are holding up. We trade practical tips about appointments, sleep and safety, and we make room for the grief that comes before a loss. Led by a former caregiver. Respite care can be arranged with a week's notice.",
            at: center, topics: ["dementia", "caregivers"], tags: ["open", "wheelchair"], audiences: ["adults", "seniors"],
            facilitators: [gloria], contact: .both("caregivers", "555-0132"))
        let thirdWednesday = try w.monthly(dementia, 3, "WE", "13:00")
        try w.move(thirdWednesday, to: "15:00", note: "Starting two hours later this month: the room is booked for a health fair until 3 pm.")

        let cuidadores = try w.group(
            org, "grupo-de-apoyo-para-cuidadores", "Grupo de Apoyo para Cuidadores",
            summary: "Un grupo semanal en español para personas que cuidan a un familiar.",
            description: "Cuidar a un padre, a una pareja o a un hijo enfermo es un trabajo de amor, y también cansa. Cada martes compartimos consejos, escuchamos sin juzgar y nos recordamos que también hay que cuidarse. Lo guían cuidadores con experiencia propia.",
            at: library, topics: ["caregivers", "seniors"], tags: ["open", "spanish", "wheelchair"], audiences: ["adults"],
            languages: ["es"], facilitators: [gloria])
        try w.weekly(cuidadores, "TU", "10:00")

        let teens = try w.group(
            org, "parents-of-teens-support-circle", "Parents of Teens Support Circle",
            summary: "Parents of teenagers share the worries, the wins and what actually helps.",
            description: "Raising a teenager who is struggling with anxiety, school, substances or just growing up can be lonely. Every other Monday parents meet in person or online to listen, share resources and remind each other that we are not the only ones. Led by parents who have been there.",
            format: "hybrid", at: center, topics: ["parenting", "youth"], tags: ["open"], audiences: ["parents"],
            languages: ["en", "es"], facilitators: [teresa], online: "lakeside-parents-of-teens")
        try w.biweekly(teens, "MO", "19:00")
        try w.monthly(teens, -1, "SA", "11:00", minutes: 150, at: park,
                      notes: "Last Saturday of the month: family games and a potluck at the Kedzie Park fieldhouse. Teens welcome.")

        let suicideLoss = try w.group(
            org, "after-a-suicide-loss", "After a Suicide Loss",
            summary: "A monthly group for people who have lost someone to suicide.",
            description: "Losing someone to suicide brings questions and feelings that other grief doesn't. In this group you can talk about your person, and about how they died, with others who understand. Please call or write before your first meeting so we can welcome you. Facilitated by loss survivors.",
            at: clinic, topics: ["suicide-loss", "grief"], tags: ["closed"], audiences: ["adults"], facilitators: [kevin],
            registration: "", contact: .both("loss-support", "555-0133"))
        try w.monthly(suicideLoss, 1, "TH", "18:30")

        let cancer = try w.group(
            org, "living-with-cancer-peer-group", "Living with Cancer Peer Group",
            summary: "People in treatment or after treatment for any kind of cancer meet every other week.",
            description: "We talk about scans and side effects, but also about work, dating, money, fear and hope. Caregivers are welcome at the first meeting of each month. Led by cancer survivors: not medical advice, but a lot of shared experience.",
            at: clinic, topics: ["cancer", "chronic-illness"], tags: ["open", "wheelchair"], audiences: ["adults"], facilitators: [priya])
        try w.biweekly(cancer, "TU", "14:00")

        let chronic = try w.group(
            org, "chronic-pain-and-illness-online-circle", "Chronic Pain & Illness Online Circle",
            summary: "A lunchtime video group for people living with chronic pain or a long-term illness.",
            description: "Join from bed or the couch: nobody minds. We check in about flares, doctors, energy and the things people say that don't help. Sharing is optional, and you can leave early if you need to. Peer-led by people who live with chronic illness.",
            format: "online", at: online, topics: ["chronic-illness"], tags: ["open", "online"], audiences: ["adults"],
            facilitators: [priya], online: "lakeside-chronic-illness")
        try w.weekly(chronic, "WE", "12:00", minutes: 60)

        let tea = try w.group(
            org, "seniors-tea-and-talk", "Seniors' Tea & Talk",
            summary: "A weekly afternoon of tea, conversation and friendship for older adults.",
            description: "Many of us find ourselves alone more than we would like after retiring or losing a spouse. Over tea and cookies we talk about life, share news and look out for one another. Peer-led by older adults; newcomers are always welcome.",
            at: center, topics: ["seniors", "isolation"], tags: ["open", "seniors", "wheelchair"], audiences: ["seniors"], facilitators: [gloria])
        try w.weekly(tea, "TU", "14:00")

        let series = try w.group(
            org, "grief-support-six-week-series", "Grief Support: Six-Week Series",
            summary: "A six-week group for adults in the first year after a death.",
            description: "Each week has a theme: the story of your loss, changes at home, anger and guilt, memories, and looking ahead. The same small group meets all six weeks, so please register. Co-led by two trained peer facilitators who lost a spouse and a sibling.",
            at: park, topics: ["grief"], tags: ["closed"], audiences: ["adults"], facilitators: [kevin, gloria],
            cost: "$5 suggested donation per session, no one turned away", registration: "programs/grief-series",
            contact: .email("grief"))
        try w.weekly(series, "MO", "18:00", weeksAgo: 2, endsInDays: 28, notes: "Six Mondays; this series ends in four weeks, and the next one opens for registration soon.")

        let kids = try w.group(
            org, "kids-and-families-grief-night", "Kids & Families Grief Night",
            summary: "A monthly evening for grieving children, teens and their grown-ups.",
            description: "We start with a simple dinner together, then kids and teens go to their own groups for art and games while the adults talk. Families with children from 5 to 17 are welcome. Led by trained peer volunteers who lost a parent or sibling when they were young.",
            at: center, topics: ["grief", "youth"], tags: ["open", "children-welcome"], audiences: ["families", "youth"],
            languages: ["en", "es"], facilitators: [teresa])
        try w.monthly(kids, 2, "TH", "18:00", minutes: 120)

        let coffee = try w.group(
            org, "caregiver-coffee-mornings", "Caregiver Coffee Mornings",
            summary: "Informal Friday coffee for caregivers; paused while we look for a new volunteer host.",
            description: "A relaxed hour for caregivers to get out of the house and talk with others who understand. The group is paused for now. If you would like to help host it, please get in touch.",
            at: library, topics: ["caregivers"], tags: ["open"], audiences: ["adults"], contact: .email("caregivers"), status: "paused")
        try w.weekly(coffee, "FR", "09:30", minutes: 60)

        let workshop = try w.group(
            org, "caregiver-self-care-workshop", "Caregiver Self-Care Workshop",
            summary: "A one-morning workshop on rest, boundaries and asking for help.",
            description: "Caregivers spend their days looking after someone else. This peer-led workshop is a morning for you: simple ways to rest, how to say no, and how to accept help when it is offered. Lunch is included; please register so we have enough.",
            at: center, topics: ["caregivers", "mental-health"], tags: ["wheelchair"], audiences: ["adults"], facilitators: [gloria],
            registration: "workshops/caregiver-self-care")
        try w.once(workshop, inDays: 21, "10:00", minutes: 180)
    }

    // MARK: - New York City

    static func newYorkCity(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "five-boroughs-peer-network", name: "Five Boroughs Peer Network", domain: "fiveboroughspeers",
            phone: "555-0104", timeZone: "America/New_York",
            description: "Peer support groups in neighborhoods across New York City, in English, Spanish, Chinese, Russian and Arabic. Every group is led by people who share the experience it is about.")
        try w.tags(org, ["open", "closed", "women-only", "men-only", "speaker", "newcomers", "spanish", "chinese", "russian", "arabic", "lgbtq", "online", "wheelchair", "seniors", "young-people"])

        let flushing = try w.place(
            org, "Flushing Community Center", kind: "community_center", address: "135-28 Maple Avenue, Flushing",
            city: "New York", county: "Queens County", state: "NY", zip: "11355", latitude: 40.7575, longitude: -73.8262,
            access: [.wheelchair, .transit],
            accessibilityNotes: "7 train to Flushing–Main Street, then a five-minute walk. Elevator to all floors.",
            directions: "Room 3B, third floor. Signs in Chinese and English at the elevator.")
        let library = try w.place(
            org, "Sunset Park Neighborhood Library", kind: "library", address: "5108 Fourth Avenue, Brooklyn",
            city: "New York", county: "Kings County", state: "NY", zip: "11220", latitude: 40.6459, longitude: -74.0126,
            access: [.wheelchair, .transit],
            accessibilityNotes: "R train, 53rd Street station. Accessible entrance on Fourth Avenue.",
            directions: "Community room on the second floor; ask at the information desk if the door is locked.")
        let clinic = try w.place(
            org, "Mott Haven Wellness Clinic", kind: "clinic", address: "412 E. 147th Street, Bronx",
            city: "New York", county: "Bronx County", state: "NY", zip: "10455", latitude: 40.8153, longitude: -73.9176,
            access: [.wheelchair, .transit],
            accessibilityNotes: "6 train to 3rd Avenue–138th Street. Ramp at the main entrance.",
            directions: "Ground floor, Group Room 1. Tell the front desk you are here for the peer group.")
        let seniorCenter = try w.place(
            org, "Brighton Beach Senior Center", kind: "community_center", address: "3100 Brighton 4th Street, Brooklyn",
            city: "New York", county: "Kings County", state: "NY", zip: "11235", latitude: 40.5776, longitude: -73.9620,
            access: [.wheelchair, .transit],
            accessibilityNotes: "B and Q trains to Brighton Beach. Step-free entrance.",
            directions: "Main hall on the first floor, past the dining room.")
        let storefront = try w.place(
            org, "Atlantic Avenue Family Office", kind: "other", address: "418 Atlantic Avenue, Brooklyn",
            city: "New York", county: "Kings County", state: "NY", zip: "11217", latitude: 40.6858, longitude: -73.9838,
            access: [.transit],
            accessibilityNotes: "Two steps at the entrance; ring the bell and we will bring out the portable ramp.",
            directions: "Ground-floor storefront with the green awning; the group meets in the back room.")
        let midtown = try w.place(
            org, "Midtown Peer Center", kind: "community_center", address: "250 W. 40th Street, 6th Floor",
            city: "New York", county: "New York County", state: "NY", zip: "10018", latitude: 40.7548, longitude: -73.9893,
            access: [.wheelchair, .asl, .transit],
            accessibilityNotes: "Near Times Square–42nd Street and the Port Authority. ASL interpretation on request with 72 hours' notice.",
            directions: "Suite 600 on the sixth floor. Sign in with building security in the lobby and say you are here for the peer group.")
        let online = try w.virtualPlace(org, "Five Boroughs Online Room", kind: "online", city: "New York", state: "NY",
                                        accessibilityNotes: "Captions on in every meeting.")

        let mei = try w.facilitator(
            org, "Mei L.",
            bio: "我在法拉盛生活了二十年。 I moved here from Fuzhou and raised two kids while caring for my mother-in-law. I started this group so families could talk about mental health in our own language, without shame.",
            livedExperience: ["immigration", "family mental health", "caregiving"], languages: ["zh", "en"], email: "mei", phone: "555-0121",
            trainings: [
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 365, validForDays: 3 * year),
                .init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 800, validForDays: nil),
            ])
        let carlos = try w.facilitator(
            org, "Carlos D.",
            bio: "I'm from the Bronx, a father, and nine years in recovery. I became a peer advocate because somebody with my story believed in me before I did.",
            livedExperience: ["substance use recovery", "incarceration"], languages: ["en", "es"], email: "carlos", phone: "555-0122",
            trainings: [.init(name: "Certified Recovery Peer Advocate", issuer: "Empire State Peer Credentialing Board", completedDaysAgo: 500, validForDays: 3 * year)])
        let olga = try w.facilitator(
            org, "Olga V.",
            bio: "Я переехала из Одессы в 1998 году. I worked as a nurse for thirty years; now that I'm retired, I host the tea circle at the senior center.",
            livedExperience: ["immigration", "widowhood", "loneliness"], languages: ["ru", "en"], email: "olga", phone: "555-0123",
            trainings: [.init(name: "Peer Support for Older Adults", issuer: "Five Boroughs Peer Network", completedDaysAgo: 250, validForDays: nil)])
        let nadia = try w.facilitator(
            org, "Nadia H.",
            bio: "I came to Brooklyn from Yemen as a young mother. I help families who are new to the city find each other, in Arabic and English.",
            livedExperience: ["immigration", "parenting"], languages: ["ar", "en"], email: "nadia", phone: "555-0124",
            trainings: [.init(name: "Community Health Worker Core Skills", issuer: "Five Boroughs Peer Network", completedDaysAgo: 600, validForDays: nil)])
        let jo = try w.facilitator(
            org, "Jo",
            bio: "I'm a survivor of an abusive marriage. I left eleven years ago, and the women in my support group were the ones who helped me believe I could. I've facilitated survivor groups for six years.",
            livedExperience: ["domestic violence", "trauma"], languages: ["en", "es"], email: "jo", phone: "555-0125",
            trainings: [
                .init(name: "Domestic Violence Advocate Training (40 hours)", issuer: "Five Boroughs Survivor Advocacy Coalition", completedDaysAgo: 1000, validForDays: nil),
                .init(name: "Trauma-Informed Peer Support", issuer: "Intentional Peer Support", completedDaysAgo: 400, validForDays: nil),
            ])
        let ray = try w.facilitator(
            org, "Ray",
            bio: "I live with bipolar disorder and have been steady for a good stretch now, with plenty of help. I co-lead the men's circle because I spent years thinking I was the only guy who felt this way.",
            livedExperience: ["bipolar disorder", "depression"], languages: ["en"], email: "ray", phone: "555-0126",
            trainings: [
                .init(name: "Certified Peer Specialist", issuer: "Empire State Peer Credentialing Board", completedDaysAgo: 700, validForDays: 3 * year),
                .init(name: "WRAP Facilitator Training", issuer: "Five Boroughs Peer Network", completedDaysAgo: 300, validForDays: nil),
            ])
        let ash = try w.facilitator(
            org, "Ash",
            bio: "I'm a trans man who came out at 24. I found my people online first, which is why I care about online groups that feel as warm as a living room.",
            livedExperience: ["LGBTQ+", "anxiety"], languages: ["en"], email: "ash", phone: "555-0127",
            trainings: [.init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 300, validForDays: nil)])

        let families = try w.group(
            org, "flushing-chinese-family-support-circle", "华人家庭互助小组 Chinese Family Support Circle",
            summary: "A Mandarin- and Cantonese-speaking group for families with a loved one who has a mental health condition.",
            description: "In many of our families mental illness is something we don't talk about. Here parents, spouses and grown children talk openly, in Chinese, about caring for someone who is struggling, and share where to find help. Led by family members with lived experience. English speakers are welcome too.",
            at: flushing, topics: ["mental-health", "immigrants"], tags: ["open", "chinese", "wheelchair"], audiences: ["families", "adults"],
            languages: ["zh", "en"], facilitators: [mei])
        try w.weekly(families, "SA", "14:00")

        let women = try w.group(
            org, "sunset-park-immigrant-womens-circle", "Sunset Park Immigrant Women's Circle",
            summary: "Women who came to New York from other countries share the journey over tea.",
            description: "We talk about work, family far away, raising children in a new language and taking care of ourselves. Conversation moves between Spanish, Chinese and English, and we help each other translate. Led by immigrant women. Children under five are welcome.",
            at: library, topics: ["immigrants", "womens-groups", "isolation"], tags: ["open", "women-only", "spanish", "chinese"],
            audiences: ["women"], languages: ["es", "zh", "en"], facilitators: [mei])
        try w.weekly(women, "WE", "10:00")

        let recovery = try w.group(
            org, "bronx-peer-recovery-group", "Bronx Peer Recovery Group / Grupo de Recuperación",
            summary: "A bilingual recovery meeting twice a week for anyone who wants to stop using.",
            description: "English and Spanish are both spoken here, and nobody needs to be perfect at either. Members share about cravings, family, work and the small wins that add up. Whether you are one day in or ten years in, there is a seat for you. Led by certified peer advocates in recovery.",
            at: clinic, topics: ["addiction-recovery", "substance-use"], tags: ["open", "spanish", "newcomers", "wheelchair"],
            audiences: ["adults"], languages: ["en", "es"], facilitators: [carlos])
        try w.weekly(recovery, "MO,TH", "18:00")

        let teens = try w.group(
            org, "bronx-teen-talk", "Bronx Teen Talk",
            summary: "An after-school peer group for teens 13 to 17, led by young adults who remember how hard it was.",
            description: "Talk about school, family, friends, stress and anything else with other teens. Peer mentors in their early twenties keep it real and keep it safe. Snacks every week; English and Spanish spoken.",
            at: clinic, topics: ["youth", "mental-health"], tags: ["open", "young-people"], audiences: ["youth"],
            languages: ["en", "es"], contact: .email("teens"))
        try w.weekly(teens, "WE", "16:00", minutes: 75)

        let tea = try w.group(
            org, "russian-speaking-seniors-tea-circle", "Чайный круг — Russian-speaking Seniors' Tea Circle",
            summary: "A weekly Russian-language tea circle for older adults in Brighton Beach.",
            description: "Over tea and pastries we share news, memories and worries, and check on members we haven't seen for a while. Many of us live alone; this is a place to be among friends. Led by a retired nurse who is a member herself.",
            at: seniorCenter, topics: ["seniors", "isolation"], tags: ["open", "russian", "seniors", "wheelchair"], audiences: ["seniors"],
            languages: ["ru"], facilitators: [olga])
        try w.weekly(tea, "TH", "11:00")

        let arabic = try w.group(
            org, "arabic-speaking-families-circle", "دائرة العائلات — Arabic-speaking Families Circle",
            summary: "Arabic-speaking parents new to New York meet every other Sunday.",
            description: "Parents talk about schools, raising children between two cultures, homesickness and finding help without losing our traditions. Tea and sweets are shared, and children play in the next room with volunteers. Led by mothers who arrived in the city themselves.",
            at: storefront, topics: ["immigrants", "parenting"], tags: ["open", "arabic", "newcomers"], audiences: ["families", "parents"],
            languages: ["ar", "en"], facilitators: [nadia])
        try w.biweekly(arabic, "SU", "16:00", minutes: 120)

        let survivors = try w.group(
            org, "survivors-circle", "Survivors' Circle",
            summary: "A confidential group for women who have experienced abuse by a partner.",
            description: "This is a closed group for women who have left, or are thinking about leaving, an abusive relationship. We talk about safety, healing and learning to trust ourselves again. The meeting link is shared only after a private phone call with a facilitator. Peer-led by survivors. If you are in danger right now, contact emergency services.",
            format: "online", at: online, topics: ["domestic-violence", "trauma", "womens-groups"], tags: ["closed", "women-only", "online"],
            audiences: ["women"], languages: ["en", "es"], facilitators: [jo], registration: "",
            online: "fivebp-survivors", onlineDetailsPrivate: true, contact: .both("safe", "555-0135"))
        try w.weekly(survivors, "TU", "18:00")

        let mood = try w.group(
            org, "midtown-depression-and-bipolar-peer-group", "Midtown Depression & Bipolar Peer Group",
            summary: "A weekly evening group for adults living with depression or bipolar disorder.",
            description: "We share how we are doing and what has helped with sleep, medication, work and relationships, and we listen without trying to fix. Join in the room or online; the online side has its own co-facilitator. Peer-led by people who live with mood disorders.",
            format: "hybrid", at: midtown, topics: ["depression", "mental-health"], tags: ["open", "wheelchair"], audiences: ["adults"],
            facilitators: [ray], online: "fivebp-midtown")
        let wednesdays = try w.weekly(mood, "WE", "18:30")
        try w.move(wednesdays, location: online, note: "Online only this week: the Midtown building is closed for elevator repairs.")

        let trans = try w.group(
            org, "trans-and-nonbinary-peer-support", "Trans & Nonbinary Peer Support",
            summary: "A video peer group for trans, nonbinary and questioning people 18 and up.",
            description: "Talk about transition, family, work, dating, or nothing in particular. Use whatever name and pronouns feel right; cameras are optional. Peer-led by trans and nonbinary facilitators.",
            format: "online", at: online, topics: ["lgbtq", "mental-health"], tags: ["open", "online", "lgbtq"],
            audiences: ["lgbtq", "young_adults"], facilitators: [ash], online: "fivebp-trans-nonbinary")
        try w.biweekly(trans, "TH", "19:30")

        let men = try w.group(
            org, "mens-mental-health-circle", "Men's Mental Health Circle",
            summary: "Men talking honestly about stress, depression and what helps.",
            description: "On the first Tuesday of the month a member shares his story; the other weeks are open discussion. We talk about work, fatherhood, anger, grief and the pressure to have it all together. Peer-led; the suggested donation covers the room, and no one is turned away.",
            at: midtown, topics: ["mens-groups", "depression", "anxiety"], tags: ["open", "men-only", "speaker"], audiences: ["men"],
            facilitators: [ray, carlos], cost: "$5 suggested donation, no one turned away")
        try w.weekly(men, "TU", "19:00")

        let storm = try w.group(
            org, "lower-manhattan-storm-recovery-circle", "Lower Manhattan Storm Recovery Circle",
            summary: "A neighbors' circle that met in the year after the flood; it has finished meeting.",
            description: "Neighbors who lost homes, businesses and sleep to the flood met weekly to support one another through the rebuilding. The group closed when its members felt ready. Its former members now meet in other Five Boroughs groups.",
            at: midtown, topics: ["trauma", "isolation"], tags: ["open"], audiences: ["everyone"], status: "archived")
        try w.weekly(storm, "TH", "18:00", weeksAgo: 110, endsInDays: -200)
    }

    // MARK: - The Finger Lakes

    static func fingerLakes(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "finger-lakes-peer-connections", name: "Finger Lakes Peer Connections", domain: "fingerlakespeers",
            phone: "555-0105", timeZone: "America/New_York",
            description: "Peer support groups across Ontario, Seneca and Tompkins counties, from Geneva and Canandaigua to Ithaca. Many of our members live far from the nearest town, so some groups meet by phone.")
        try w.tags(org, ["open", "newcomers", "wheelchair", "young-people", "outdoor", "children-welcome"])

        let library = try w.place(
            org, "Geneva Lakeside Library", kind: "library", address: "244 Main Street",
            city: "Geneva", county: "Ontario County", state: "NY", zip: "14456", latitude: 42.8687, longitude: -76.9812,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Accessible entrance from the rear parking lot.",
            directions: "Community room on the lower level; the elevator is on your left as you come in.")
        let church = try w.place(
            org, "Canandaigua Community Church, Fellowship Hall", kind: "place_of_worship", address: "58 N. Main Street",
            city: "Canandaigua", county: "Ontario County", state: "NY", zip: "14424", latitude: 42.8893, longitude: -77.2816,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Ramp and elevator at the Gibson Street entrance.",
            directions: "Fellowship Hall on the ground floor; coffee is in the kitchen to the right.")
        let center = try w.place(
            org, "Cayuga Neighborhood Center", kind: "community_center", address: "210 W. Green Street",
            city: "Ithaca", county: "Tompkins County", state: "NY", zip: "14850", latitude: 42.4385, longitude: -76.5011,
            access: [.wheelchair, .transit],
            accessibilityNotes: "Buses stop at Green and Cayuga Streets. Gender-neutral restroom on the first floor.",
            directions: "Upstairs meeting room; the elevator is behind the front desk.")
        let park = try w.place(
            org, "Seneca Lakefront Park, Pavilion B", kind: "park", address: "Lakefront Drive",
            city: "Geneva", county: "Ontario County", state: "NY", zip: "14456", latitude: 42.8745, longitude: -76.9743,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Paved path along the water with benches every few hundred feet.",
            directions: "Pavilion B is the second pavilion east of the boat launch. In rain we stay under its roof.")
        let phoneLine = try w.virtualPlace(
            org, "Finger Lakes Peer Phone Line", kind: "phone", city: nil, state: "NY",
            directions: "Dial in at meeting time; the facilitator will welcome you by first name only.")

        let beth = try w.facilitator(
            org, "Beth A.",
            bio: "I've lived with depression and anxiety most of my life, and I'm a mom of two in Geneva. Peer groups gave me words for things I had felt for years.",
            livedExperience: ["depression", "anxiety", "caregiving"], languages: ["en"], email: "beth", phone: "555-0128",
            trainings: [
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 800, validForDays: 3 * year),
                .init(name: "Certified Peer Specialist", issuer: "Empire State Peer Credentialing Board", completedDaysAgo: 300, validForDays: 3 * year),
            ])
        let walt = try w.facilitator(
            org, "Walt",
            bio: "Navy, twenty years. After I retired I didn't know who I was without the uniform. A veterans coffee group helped, so I started one closer to home.",
            livedExperience: ["military service", "alcohol recovery", "grief"], languages: ["en"], email: "walt", phone: "555-0129",
            trainings: [.init(name: "Veteran Peer Mentor Training", issuer: "Finger Lakes Peer Connections", completedDaysAgo: 500, validForDays: nil)])
        let hannah = try w.facilitator(
            org, "Hannah",
            bio: "I'm 26 and grew up in Ithaca. High school was hard, with anxiety and self-harm, and the youth group I found then changed everything. Now I help lead it.",
            livedExperience: ["youth mental health", "anxiety", "LGBTQ+"], languages: ["en"], email: "hannah", phone: nil,
            trainings: [
                .init(name: "Youth Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 150, validForDays: 3 * year),
                .init(name: "Intentional Peer Support Core Training", issuer: "Intentional Peer Support", completedDaysAgo: 700, validForDays: nil),
            ])

        let mood = try w.group(
            org, "geneva-depression-and-anxiety-peer-group", "Geneva Depression & Anxiety Peer Group",
            summary: "A weekly evening group in Geneva for adults living with depression or anxiety.",
            description: "We go around the circle and share how the week went, then talk about whatever comes up: sleep, work, the long winters, medication, family. It is a judgment-free place to be honest. Led by peers who live with depression and anxiety.",
            at: library, topics: ["depression", "anxiety"], tags: ["open", "wheelchair"], audiences: ["adults"], facilitators: [beth])
        try w.weekly(mood, "TH", "18:00")
        try w.monthly(mood, 1, "MO", "18:00", at: church, notes: "On the first Monday of the month the group also meets in Canandaigua.")

        let families = try w.group(
            org, "canandaigua-family-recovery-circle", "Canandaigua Family Recovery Circle",
            summary: "Family and friends of someone with a drinking or drug problem support each other.",
            description: "When someone you love is drinking or using, it is easy to lose track of yourself. Each Monday we talk about boundaries, worry, hope and taking our own lives back. Peer-led by family members; nobody here will tell you what to do.",
            at: church, topics: ["families-of-people-in-recovery", "alcohol"], tags: ["open", "newcomers"], audiences: ["families", "parents"],
            facilitators: [walt])
        try w.weekly(families, "MO", "19:00")

        let youth = try w.group(
            org, "ithaca-youth-peer-circle", "Ithaca Youth Peer Circle",
            summary: "An after-school peer group for teens aged 13 to 18.",
            description: "Teens talk about school pressure, friendships, identity, family and feelings with other teens, guided by young adult peer leaders. There are snacks, art supplies and no grown-ups telling you what to do. LGBTQ+ youth especially welcome.",
            at: center, topics: ["youth", "mental-health", "lgbtq"], tags: ["open", "young-people"], audiences: ["youth"], facilitators: [hannah])
        try w.weekly(youth, "WE", "16:00", minutes: 75)

        let walk = try w.group(
            org, "lakefront-walk-for-grief", "Lakefront Walk for Grief",
            summary: "A Saturday-morning walk along Seneca Lake for people who are grieving.",
            description: "We walk the lakefront path at an easy pace and talk, or don't, about the people we miss. Afterwards there is coffee at the pavilion for anyone who wants to stay. Peer-led by members who have lost a spouse, a parent or a friend.",
            at: park, topics: ["grief"], tags: ["open", "outdoor"], audiences: ["adults", "seniors"], facilitators: [walt])
        let saturdays = try w.weekly(walk, "SA", "09:30", minutes: 60, weeksAgo: 20, endsInDays: 120,
                                     notes: "In heavy rain or snow we meet under the pavilion roof instead.")
        try w.cancel(saturdays, skipping: 1, note: "No walk this week: the park is closed for a community event.")

        let phone = try w.group(
            org, "caregivers-by-phone", "Caregivers by Phone",
            summary: "A phone support group for caregivers who can't easily get away from home.",
            description: "If you care for someone who can't be left alone, getting to a meeting may be impossible. Call in from your kitchen table and talk with other caregivers across the Finger Lakes about the hard days, the good days and the practical stuff. Peer-led by family caregivers.",
            format: "phone", at: phoneLine, topics: ["caregivers", "dementia", "isolation"], tags: ["open"], audiences: ["adults", "seniors"],
            facilitators: [beth], dialIn: "555-0151, code 246810")
        try w.biweekly(phone, "TU", "13:00", minutes: 60)

        let veterans = try w.group(
            org, "veterans-coffee-group", "Veterans Coffee Group",
            summary: "Veterans meet for coffee, conversation and a little help cutting through red tape.",
            description: "Every Friday morning veterans from around the Finger Lakes gather for coffee and doughnuts. Some weeks we talk about benefits and appointments, some weeks about what we carry from our service, and some weeks about fishing. Peer-led by veterans; spouses are welcome.",
            at: church, topics: ["veterans", "isolation"], tags: ["open", "wheelchair"], audiences: ["veterans"], facilitators: [walt])
        try w.weekly(veterans, "FR", "09:00")

        let parents = try w.group(
            org, "finger-lakes-new-parents-circle", "New Parents Circle",
            summary: "Parents of babies under one year share the ups and downs of the first year.",
            description: "Feeding, sleep, going back to work, and the feelings that surprised us: there is room for all of it. Come to the Ithaca room with your baby or join online from home. Led by parents who went through postpartum depression and anxiety themselves.",
            format: "hybrid", at: center, topics: ["postpartum", "parenting"], tags: ["open", "children-welcome"], audiences: ["parents"],
            online: "fingerlakes-new-parents")
        try w.weekly(parents, "TH", "10:00")
    }

    // MARK: - High Plains (rural southeastern Colorado)

    static func highPlains(_ w: DemoWriter) throws {
        let org = try w.organization(
            slug: "high-plains-peer-support", name: "High Plains Peer Support", domain: "highplainspeers",
            phone: "555-0106", timeZone: "America/Denver",
            description: "Peer support for Prowers County and the surrounding plains of southeastern Colorado. Towns are far apart out here, so we meet in Lamar and Holly, by phone and online.")
        try w.tags(org, ["open", "closed", "wheelchair", "spanish", "children-welcome", "online"])

        let clinic = try w.place(
            org, "Prairie Health Clinic", kind: "clinic", address: "700 S. Main Street",
            city: "Lamar", county: "Prowers County", state: "CO", zip: "81052", latitude: 38.0805, longitude: -102.6168,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Level entrance and plenty of parking in front.",
            directions: "Conference room at the end of the east hallway.")
        let chapel = try w.place(
            org, "Prairie Chapel Fellowship Hall", kind: "place_of_worship", address: "311 E. Olive Street",
            city: "Lamar", county: "Prowers County", state: "CO", zip: "81052", latitude: 38.0878, longitude: -102.6145,
            access: [.parking],
            accessibilityNotes: "Ground-floor hall with one small step at the door.",
            directions: "Use the side door facing the parking lot.")
        let fairgrounds = try w.place(
            org, "Prowers County Fairgrounds, Exhibit Building", kind: "other", address: "2100 N. Main Street",
            city: "Lamar", county: "Prowers County", state: "CO", zip: "81052", latitude: 38.1010, longitude: -102.6205,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Wide doors and a paved lot. Restrooms are in the next building.",
            directions: "Exhibit Building 2, the long white building north of the arena.")
        let library = try w.place(
            org, "Lamar Public Library", kind: "library", address: "102 E. Parmenter Street",
            city: "Lamar", county: "Prowers County", state: "CO", zip: "81052", latitude: 38.0868, longitude: -102.6190,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Elevator to the meeting room.",
            directions: "Meeting room upstairs, at the top of the main staircase.")
        let holly = try w.place(
            org, "Holly Community Building", kind: "community_center", address: "110 S. Main Street",
            city: "Holly", county: "Prowers County", state: "CO", zip: "81047", latitude: 38.0553, longitude: -102.1238,
            access: [.wheelchair, .parking],
            accessibilityNotes: "Ramp at the front door.",
            directions: "Main room; coffee is in the kitchen.")
        let phoneLine = try w.virtualPlace(
            org, "High Plains Peer Phone Line", kind: "phone", city: "Lamar", state: "CO",
            directions: "Call the dial-in number at meeting time and enter the code.")
        let online = try w.virtualPlace(org, "High Plains Online Room", kind: "online", city: "Lamar", state: "CO")

        let dale = try w.facilitator(
            org, "Dale",
            bio: "I farm wheat and milo east of Lamar like my dad did. A few dry years and a divorce put me in a dark place, and a neighbor got me to a meeting. Now I try to be that neighbor.",
            livedExperience: ["depression", "alcohol recovery", "farm stress"], languages: ["en"], email: "dale", phone: "555-0141",
            trainings: [
                .init(name: "Certified Peer Recovery Specialist", issuer: "Rocky Mountain Peer Certification Board", completedDaysAgo: 200, validForDays: 2 * year),
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 1300, validForDays: 3 * year),
            ])
        let lupe = try w.facilitator(
            org, "Lupe",
            bio: "Soy mamá de cuatro y vivo en Holly. After my third baby I had postpartum depression and no words for it. I lead the moms' group in Spanish and English so nobody else goes through it alone.",
            livedExperience: ["postpartum depression", "parenting"], languages: ["es", "en"], email: "lupe", phone: "555-0142",
            trainings: [
                .init(name: "Postpartum Peer Support Training", issuer: "High Plains Peer Support", completedDaysAgo: 400, validForDays: nil),
                .init(name: "Mental Health First Aid", issuer: "Mental Health First Aid USA", completedDaysAgo: 100, validForDays: 3 * year),
            ])
        let carol = try w.facilitator(
            org, "Carol J.",
            bio: "I lost my husband six years ago, and I've lived with diabetes and heart trouble for twenty. Between the two, I know a lot about waiting rooms and long evenings.",
            livedExperience: ["grief", "chronic illness"], languages: ["en"], email: "carol", phone: "555-0143",
            trainings: [.init(name: "Grief Facilitator Training", issuer: "High Plains Hospice Volunteers", completedDaysAgo: 900, validForDays: nil)])

        let recovery = try w.group(
            org, "high-plains-recovery-meeting", "High Plains Recovery Meeting",
            summary: "An open recovery meeting, Tuesdays in Lamar and Fridays in Holly.",
            description: "Ranchers, teachers, truckers and retirees meet to talk about staying sober one day at a time. Anyone with a desire to stop drinking or using is welcome, and so is anyone who wants to learn more. Coffee is always on. Peer-led by local members in long-term recovery.",
            at: chapel, topics: ["addiction-recovery", "alcohol"], tags: ["open"], audiences: ["everyone"], facilitators: [dale])
        try w.weekly(recovery, "TU", "19:00", minutes: 60)
        try w.weekly(recovery, "FR", "19:00", minutes: 60, at: holly, notes: "Friday meetings are at the Holly Community Building.")

        let farm = try w.group(
            org, "farm-and-ranch-family-stress-circle", "Farm & Ranch Family Stress Circle",
            summary: "Farm and ranch families talk about drought, debt and the pressure of keeping it going.",
            description: "Nobody understands a bad harvest like another farmer. Once a month we sit down over pie and talk about the stress that comes with the work: weather, prices, handing the place down and the loneliness of long days. Peer-led by people who farm and ranch here. Spouses and grown kids are welcome.",
            at: fairgrounds, topics: ["mental-health", "depression"], tags: ["open", "wheelchair"], audiences: ["adults", "families"],
            facilitators: [dale])
        try w.monthly(farm, -1, "TH", "19:00")

        let grief = try w.group(
            org, "prowers-county-grief-group", "Prowers County Grief Group",
            summary: "Every other Monday, people who have lost someone meet at the library.",
            description: "Whether your loss was last month or years ago, you are welcome. We share memories, talk about the holidays and the empty chair, and learn from how others are getting through. Peer-led by a widow who has walked this road.",
            at: library, topics: ["grief"], tags: ["open", "wheelchair"], audiences: ["adults", "seniors"], facilitators: [carol])
        try w.biweekly(grief, "MO", "17:30")

        let chronic = try w.group(
            org, "chronic-illness-coffee-circle", "Chronic Illness Coffee Circle",
            summary: "A monthly morning coffee for people living with diabetes, heart disease, arthritis and other long-term conditions.",
            description: "Living with a chronic illness far from the specialists takes planning and patience. We swap tips about appointments, driving to Pueblo, cooking and staying active, and we keep each other company. Peer-led by a member who has lived with illness for twenty years.",
            at: clinic, topics: ["chronic-illness", "seniors"], tags: ["open", "wheelchair"], audiences: ["adults", "seniors"], facilitators: [carol])
        try w.monthly(chronic, 1, "WE", "10:00")

        let veterans = try w.group(
            org, "rural-veterans-phone-circle", "Rural Veterans Phone Circle",
            summary: "A weekly call for veterans who live too far from the nearest meeting.",
            description: "Out here the nearest veterans group can be an hour's drive. Call in from the truck, the kitchen or the barn and talk with other veterans about life after service, health, family and the land. Peer-led by veterans.",
            format: "phone", at: phoneLine, topics: ["veterans", "mens-groups"], tags: ["open"], audiences: ["veterans", "men"],
            dialIn: "555-0152, code 482913", contact: .phone("555-0136"))
        try w.weekly(veterans, "MO", "19:00", minutes: 60)

        let moms = try w.group(
            org, "holly-moms-group", "Holly Moms' Group / Grupo de Mamás",
            summary: "Moms of babies and little ones meet every other Thursday in Holly, in Spanish and English.",
            description: "Bring the kids: there are toys in the corner and snacks for everyone. We talk about sleep, feeding, the baby blues and postpartum depression, and how to get a little time for ourselves. Led by a mom of four who has been there.",
            at: holly, topics: ["parenting", "postpartum"], tags: ["open", "children-welcome", "spanish"], audiences: ["parents", "women"],
            languages: ["es", "en"], facilitators: [lupe])
        try w.biweekly(moms, "TH", "10:00")

        let salud = try w.group(
            org, "circulo-de-salud-mental", "Círculo de Salud Mental",
            summary: "Un grupo en español para hablar de la salud mental, el estrés y la ansiedad.",
            description: "Un espacio tranquilo para hablar de cómo nos sentimos, del trabajo, la familia y la vida lejos de casa. Nadie tiene que hablar si no quiere. Lo guía una compañera con experiencia propia, no es terapia, pero ayuda sentirse acompañado.",
            at: clinic, topics: ["mental-health", "anxiety"], tags: ["open", "spanish", "wheelchair"], audiences: ["adults"],
            languages: ["es"], facilitators: [lupe])
        try w.weekly(salud, "WE", "18:00")

        let teens = try w.group(
            org, "high-plains-teen-circle", "High Plains Teen Circle",
            summary: "An online peer group for teens across the county; a parent signs the permission form once.",
            description: "Teens from Lamar, Holly, Granada and the farms in between meet online to talk about school, friends, stress and feeling stuck in a small town. Led by young adult peer mentors who grew up here. Registration with a parent's permission is required.",
            format: "online", at: online, topics: ["youth", "isolation"], tags: ["closed", "online"], audiences: ["youth"],
            registration: "teens", online: "highplains-teens", onlineDetailsPrivate: true, contact: .email("teens"))
        try w.weekly(teens, "SU", "16:00", minutes: 60)
    }
}
