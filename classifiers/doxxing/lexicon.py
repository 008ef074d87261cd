"""Word lists shared by the name matcher and the severity rules.

Everything is folded (lowercase, å/ä/ö -> a/a/o; see text.fold). Stems are matched as prefixes of
folded words, so Swedish compounds and inflections count: "socialsekreterar" matches
"socialsekreteraren" and "socialsekreterarna". Phrase lists are looked up by token (see
`PhraseSet`); a phrase ending in '*' is a prefix.
"""

from __future__ import annotations

import re
from functools import lru_cache

from classifiers.doxxing.text import data_lines, fold, trie_regex
from classifiers.doxxing.tokens import TOKEN_RE, Post


def _split(block: str) -> tuple[str, ...]:
    return tuple(w for w in block.split() if w)


def phrase_lines(block: str) -> tuple[str, ...]:
    """One phrase per non-empty line of a word-list block."""
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


# -- roles and workplaces --------------------------------------------------------------------
ROLE_STEMS: tuple[str, ...] = _split(
    """
    socialsekreterar socialsekr socsekr socsek handlaggar enhetschef familjehemssekreterar
    familjehemsekreterar familjehemshandlaggar familjehemsutredar familjehemsenhet familjehemsteam
    utredar kurator socialtjanst socialkontor socialforvaltning socialarbetar sektionschef
    avdelningschef socialchef familjebehandl soctant soc-tant soctjej soc-tjej socialtant
    socialjour barnhandlaggar caseworker socialworker familjeenhet mottagningsenhet
    utredningsenhet vuxenenhet ungdomsgrupp ungdomsenhet barnenhet forsorjningsstod socionom
    familjeratt biståndshandlaggar bistandshandlaggar familjebehandlar socialpedagog
    behandlingsassistent barnutredar mottagningsgrupp mottagningsteam socsekreterar
    missbruksenhet beroendeenhet placeringsenhet familjehemsgrupp utredningsgrupp
    soc-sekreterar socialsekretar sosialsekreterar socialsekreter socialtjänstem socialtjanstem
    familjehemskonsulent familjehemssamordnar ifo-chef bou-chef familjehemssek familjehemsek
    soc-chef socchef soc-karring sockarring soc-hax sochax soc-dam socdam soc-gubb socgubb
    soc-kvinn soc-handlaggar soc-bitch socbitch soc-personal soc-anstalld socialkarring socialhax
    """
)
# Compounds with the role last: "barnsocialsekreterare", "ekonomihandläggaren".
ROLE_INFIXES: tuple[str, ...] = ("socialsekreterar", "handlaggar", "enhetschef", "sekreterar")
# Exact words (a prefix match would be too broad for these).
ROLE_WORDS: frozenset[str] = frozenset(
    _split(
        """
        soc soc:s socen socens socialen socialens ifo familjehem soc-tanten soctanten socialsekr.
        handlaggarn handlaggarna bou mottagningen jouren cps caseworkers socialworkers
        السوسيال سوسيال للسوسيال بالسوسيال الأخصائية الأخصائي الاخصائية الاخصائي الموظفة الموظف
        موظفة موظف الباحثة الباحث الاجتماعية العاملة الاجتماعي بالسوسيال والسوسيال
        للموظفة للموظف والموظفة والموظف للأخصائية للاخصائية
        """
    )
)
# Units and workplaces of several words: "på Barn och unga i Sundsvall", "ek bistånd".
ROLE_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(line.split())
    for line in phrase_lines(
        """
        barn och unga
        barn och ungas
        barn o unga
        barn & unga
        utredning barn
        mottagning barn
        barn och familj
        barn och ungdom
        barn- och ungdomsenheten
        individ och familj
        individ- och familjeomsorgen
        ekonomiskt bistand
        ek bistand
        ek. bistand
        familjehem och
        social services
        social service
        social worker
        social workers
        case worker
        child & youth
        child and youth
        unit manager
        child protection
        unit head
        head of
        team leader
        soc sek
        soc sekr
        child protective services
        social services worker
        case officer
        ekonomiskt bistand
        individ och familjeomsorg
        social secretary
        social secretaries
        child services
        children's services
        family services
        child welfare
        social welfare office
        foster care
        foster home
        foster homes
        family home officer
        family homes unit
        welfare office
        welfare officer
        benefits office
        benefits officer
        foster care unit
        youth unit
        intake unit
        chef for placeringar
        chefen for placeringar
        chef for placeringsenheten
        chefen for placeringsenheten
        chef for familjehem
        chefen for familjehem
        chef for familjehemmen
        chefen for familjehemmen
        chef for utredning
        chefen for utredning
        chef for utredningarna
        chefen for utredningarna
        chef for barn
        chefen for barn
        """
    )
)
# Words that start like roles but are not (politicians, agencies, other things).
ROLE_NOT: tuple[str, ...] = _split(
    """
    socialnamnd socialminister socialdemokrat socialstyrelse socialforsakring socialbidrag
    socialhogskola socialarbetarprogram socionomprogram socionomutbildning socionomdagarna
    familjehemmet familjehemsforald familjehemsmamma familjehemspappa familjehemsplacer
    familjehemsvard familjehemsuppdrag familjehemmen
    """
)


@lru_cache(maxsize=65536)
def is_role_word(word: str) -> bool:
    """True for a folded word that names a social-services role or workplace."""
    if word in ROLE_WORDS:
        return True
    if word.startswith(ROLE_NOT):
        return False
    if word.startswith(ROLE_STEMS):
        return True
    return len(word) > 12 and any(infix in word[3:] for infix in ROLE_INFIXES)


# Roles that name a person (not a workplace): "socialsekreteraren", "handläggare", "the social
# worker". A post about such a person that names exactly one full name is naming that person.
PERSON_ROLE_STEMS: tuple[str, ...] = _split(
    """
    socialsekreterar socialsekr socsekr socsek handlaggar enhetschef familjehemssekreterar
    familjehemssek familjehemsekreterar familjehemshandlaggar familjehemsutredar utredar kurator
    socialarbetar sektionschef avdelningschef socialchef familjebehandl soctant soc-tant soctjej
    soc-tjej socialtant barnhandlaggar caseworker socialworker bistandshandlaggar barnutredar
    socsekreterar soc-sekreterar socialsekretar sosialsekreterar socialsekreter socialtjanstem
    familjehemskonsulent familjehemssamordnar soc-chef socchef soc-karring sockarring soc-hax
    sochax soc-dam socdam soc-gubb socgubb soc-kvinn soc-handlaggar soc-bitch socbitch
    soc-personal soc-anstalld socialkarring socialhax
    """
)
PERSON_ROLE_WORDS: frozenset[str] = frozenset(
    _split(
        """
        soc-tanten soctanten socialsekr. handlaggarn الأخصائية الأخصائي الاخصائية الاخصائي
        الموظفة الموظف موظفة موظف الباحثة الباحث
        """
    )
)
PERSON_ROLE_PHRASES: frozenset[tuple[str, ...]] = frozenset(
    tuple(line.split())
    for line in phrase_lines(
        """
        social worker
        social workers
        case worker
        case officer
        social secretary
        unit manager
        unit head
        social services worker
        welfare officer
        benefits officer
        soc sek
        soc sekr
        """
    )
)


def is_person_role(words: list[str]) -> bool:
    """True for the folded tokens of a role naming a person ("handläggaren", "social worker")."""
    if len(words) > 1:
        return tuple(words) in PERSON_ROLE_PHRASES
    word = words[0]
    return word in PERSON_ROLE_WORDS or (
        word.startswith(PERSON_ROLE_STEMS) and not word.startswith(ROLE_NOT)
    )


# Definite singular person roles: "handläggaren som tog min dotter bor på ...".
DEFINITE_ROLE_RE = re.compile(
    r"\b(?:socialsekreteraren|handlaggaren|enhetschefen|utredaren|kuratorn|soc-?tanten|"
    r"socialtanten|familjehemssekreteraren|familjebehandlaren|sekreteraren|"
    r"the social worker|the caseworker)\b"
)

# Words that may sit between a role word and the name after it.
BRIDGE_AFTER_ROLE: frozenset[str] = frozenset(
    _split(
        """
        , : - ( " ' vår var min mina er din hennes hans deras den nya heter hette ar som kallad
        the our my named called is was i pa fran och ansvarig chef chefen e 1:e förste forste
        bitr bitrade bitradande kommun stad ‘ ’ “ ” فی في من إلى الى = | / • → >
        """
    )
)
# Words that may sit between a name and the role after it.
BRIDGE_BEFORE_ROLE: frozenset[str] = frozenset(
    _split(
        """
        , ( ) - – : pa fran vid hos i ar som jobbar arbetar en ett var from at the a is works as
        heter hette
        with of hon han e " ' den nya ansvariga ansvarig 1:e forste bitr bitradande chef chefen
        boss o och jobbar arbetar pa in for ‘ ’ “ ” في من فی الموظفة الموظف ال fb insta facebook
        instagram tiktok sitter satt = | / • → >
        """
    )
)


def _municipalities() -> frozenset[str]:
    """Folded municipality names from classifiers/data/municipalities.txt (last word of two)."""
    return frozenset(line.split()[-1] for line in data_lines("municipalities.txt"))


# Swedish towns and municipalities that show up beside roles ("soc Örebro Mikael Strand").
PLACES: frozenset[str] = (
    frozenset(
        fold(w)
        for w in _split(
            """
        Stockholm Göteborg Goteborg Gothenburg Malmö Uppsala Västerås Örebro Linköping Helsingborg
        Jönköping Norrköping Lund Umeå Gävle Borås Södertälje Eskilstuna Halmstad Växjö Karlstad
        Sundsvall Östersund Trollhättan Luleå Lidingö Borlänge Tumba Botkyrka Kristianstad Kalmar
        Falun Skövde Karlskrona Skellefteå Uddevalla Varberg Örnsköldsvik Nyköping Motala Landskrona
        Trelleborg Ängelholm Alingsås Piteå Kiruna Visby Haninge Huddinge Solna Sollentuna Täby
        Nacka Järfälla Tyresö Norrtälje Hisingen Angered Rinkeby Tensta Fittja Alby Norsborg
        Vivalla Gottsunda Rosengård Hageby Skäggetorp Ludvika Avesta Mölndal Kungsbacka Lerum
        Partille Torshälla Timrå Härnösand Katrineholm Enköping Sigtuna Märsta Västervik Borgholm
        Hudiksvall Söderhamn Bollnäs Sandviken Mora Leksand Arvika Kumla Hallsberg Karlskoga
        Sverige Sweden Norrland Skåne
        """
        )
    )
    | _municipalities()
)

# -- context cues --------------------------------------------------------------------------------
# Hostile exposure: the post names someone in order to expose or shame them. Strong cues count
# even beside words of thanks; soft cues ("dela", "förstör", "!!") count only without them.
HOSTILE_STRONG = phrase_lines(
    """
    hax*
    barntjuv*
    barnrov*
    barnhandlar*
    barnrovar*
    kidnapp*
    fitta
    fittan
    fittor
    fittorna
    horan
    horor
    javla*
    javel*
    subba*
    karring*
    kossa
    nazist*
    nazi
    fascist*
    pedofil*
    monster
    monstret
    ondska*
    forradare*
    mordare*
    lognare*
    korrupt*
    psykopat*
    djavul*
    vidrig*
    aklig*
    satan
    satans
    sprid
    sprida
    dela vidare
    dela namnet
    dela detta
    dela overallt
    dela dela
    dela sa
    dela innan
    dela !
    delaa
    share this
    please share
    name and shame
    expose*
    hang ut
    hanga ut
    hangs ut
    exponera*
    avsloja*
    spara namnet
    kom ihag namnet
    kom ihag henne
    kom ihag honom
    kom ihag hennes
    kom ihag hans
    kom ihag det namnet
    kom ihag det har namnet
    det har namnet
    de som vet vet
    de som vet , vet
    sparkas
    borde sparkas
    ska sparkas
    avskedas
    aldrig fa jobba
    aldrig mer jobba
    fired
    folj for fler
    folj for del
    foljer for fler
    del 2
    nasta avsnitt
    next episode
    follow for more
    followed her
    followed him
    foljde efter
    وجهها
    وجهه
    احفظوا
    احفظوه
    احفظوها
    شاهدوا
    أوقفوا_خطف_أطفالنا
    اوقفوا_خطف_اولادنا
    اوقفوا_خطف_أطفالنا
    stopkidnappingourchildren
    glom inte det namnet
    glom inte namnet
    glom inte henne
    glom inte honom
    glom aldrig
    alla ska veta
    alla borde veta
    folk borde veta
    ska veta vem
    borde veta vem
    forjanar att veta
    kanner ni igen
    kanner nan igen
    kanner ngn igen
    vet nagon var
    vet ngn var
    nan som vet var
    nan som vet vem
    nagon som vet var
    nagon som vet vem
    nagon som vet vad hon
    nagon som vet vad han
    vet ni vem
    vet ni var
    har ar hon
    har ar han
    det har ar hon
    det har ar han
    this is her
    this is him
    here she is
    here he is
    remember her
    remember him
    remember the name
    remember his name
    remember her name
    remember this name
    remember that name
    so everyone knows
    everyone should know
    everyone must know
    ska alla veta
    alla ska fa veta
    sa hela sverige
    hela sverige ska
    jag namnger henne
    jag namnger honom
    vi namnger henne
    vi namnger honom
    يعرف الجميع
    لا تنسوا
    remember it
    the name of the
    witch
    kidnapper*
    thief
    shame on
    gomma ansiktet
    konfronter*
    titta pa henne
    titta pa honom
    look at her
    look at him
    ga efter henne
    ga efter honom
    folj efter
    foljer efter
    lat henne aldrig
    lat honom aldrig
    aldrig fa vara ifred
    nu vet alla
    hur hon ser ut
    hur han ser ut
    ska inte kunna gomma
    gomma sig
    namnet ska ut
    namnen ska ut
    namnet maste ut
    ut med namnet
    ska inte fa vara anonym
    ska inte vara anonym
    inte fa vara anonym
    inte fa vara anonyma
    inte langre anonym
    ska inte fa gomma sig
    should not be anonymous
    shouldn't be anonymous
    no longer anonymous
    vet vem jag menar
    vet vilken jag menar
    vet vem jag pratar om
    know who i mean
    know who i'm talking about
    tack for inget
    tack for ingenting
    bojkott*
    boycott*
    say her name
    say his name
    ska inte kunna jobba
    ska inte fa jobba
    inte kunna jobba
    hycklare*
    hypocrit*
    thanks for nothing
    خطف*
    الخاطف*
    خاطف*
    سارق*
    انشروا
    شاركوا
    انشر
    فضح*
    عار
    خاين*
    خائن*
    du ar kand nu
    du e kand nu
    nu ar du kand
    nu e du kand
    you're famous now
    vet ni vad hon gjorde
    vet ni vad han gjorde
    vet ni vad hon gjort
    vet ni vad han gjort
    vet ni vad hon har gjort
    vet ni vad han har gjort
    guess what she did
    guess what he did
    skriv upp namnet
    skriv upp hennes namn
    skriv upp hans namn
    write down the name
    write down her name
    write down his name
    kommer upp ikvall
    kommer upp imorgon
    laggs upp ikvall
    laggs ut ikvall
    video kommer
    videon kommer
    filmen kommer
    klippet kommer
    hela videon
    hela filmen
    hela klippet
    video drops
    video coming
    full video
    goes up tonight
    ansiktet syns
    ansiktet syns tydligt
    hela ansiktet syns
    her face is visible
    his face is visible
    face clearly visible
    ladda ner innan
    ladda ned innan
    innan hon anmaler
    innan han anmaler
    download before
    spread her name
    spread his name
    spread their names
    spread the name
    name her
    name him
    name them
    keep an eye on that name
    keep an eye on this name
    use her full name
    use his full name
    glom inte deras namn
    kom ihag deras namn
    deras namn ska aldrig
    تذكروا اسمها
    تذكروا اسمه
    تذكروا الاسم
    ما بدنا ننسى
    لازم يوصل لكل
    for att du forstorde
    for att ni forstorde
    for att du splittrade
    for att du tog vara barn
    thanks for ruining
    thanks for destroying
    thank you for ruining
    thank you for destroying
    for ruining our
    على قد نيتك
    الله يجزيك على قد
    names to remember
    name to remember
    namn att komma ihag
    should follow them
    should follow her
    should follow him
    ska folja henne
    ska folja honom
    ska folja dem
    should know his name
    should know her name
    people need to know
    people should know
    sparka henne
    sparka honom
    fire her
    fire him
    this is his name
    this is her name
    satt ansikten pa
    put faces on
    خلو بالكم منها
    خلو بالكم منه
    samma namn dyker upp
    """
)
# Words that point someone out where nothing kind is said. "Hon heter X" is not one: it introduces
# one's own handläggare as often as it points someone out (leave-one-file-out on 30 files: 6 false
# flags for 4 doxxing posts), so the aim model decides.
HOSTILE_SOFT = phrase_lines(
    """
    hennes namn
    hans namn
    det namnet
    namnet pa
    namn och
    dela
    share
    skam*
    skams
    skammas
    tog mitt
    tog min
    tog mina
    tog vara
    tog vart
    tog barnen
    tog sonen
    tog dottern
    tog grannens
    tog en
    tog bebisen
    tog barnet
    tog pojken
    tog flickan
    den som tog
    vantar pa att
    tar andras
    tar vara
    tar barn
    forstor*
    ljug*
    ljog
    logn*
    idiot*
    pack
    borde veta
    ska veta
    ska fa veta
    kanna igen
    kanner igen
    vem hon ar
    vem han ar
    who she is
    who he is
    stal
    stjal
    skattepengar
    skattepengarna
    her face
    his face
    hennes ansikte
    hans ansikte
    sa alla ser
    sa alla vet
    lagg upp
    lagger upp
    lagga upp
    lagg ut
    lagger ut
    ladda ner
    ladda ned
    ladda upp
    laddar upp
    spara klippet
    spara videon
    spara filmen
    spara o
    spara och
    innan de tar bort
    innan fb tar bort
    innan det tas bort
    innan den tas bort
    before it gets deleted
    before they delete
    tag everyone
    tag all
    tagga alla
    repost
    i smyg
    secretly
    lank i bio
    link in bio
    foljde honom
    foljde henne
    foljer honom
    foljer henne
    kom ut da
    kom ut nu
    come out
    ska inte kunna ga
    det var hon som
    det var han som
    det ar hon som
    det ar han som
    hon ar den som
    han ar den som
    she's the one
    he's the one
    she is the one
    he is the one
    it was her who
    it was him who
    varsta
    infor alla
    ska forklara sig
    sta till svars
    rt
    retweet*
    kopiera
    copy paste
    go look
    kolla sjalva
    lank i forsta
    lank i kommentarerna
    lank i kommentaren
    link in comments
    link in the comments
    lank nedan
    link below
    spara innan
    innan den forsvinner
    innan det forsvinner
    innan den raderas
    innan det raderas
    innan de raderar
    mer kommer
    story kommer
    fortsattning foljer
    to be continued
    stay tuned
    flyttade min
    flyttade mina
    placerade min
    placerade mina
    omhandertog min
    omhandertog mina
    took my
    took our
    stole my
    sager inte mer
    sager bara det
    jag bara sager
    jag sager bara
    just saying
    الله لا يسامحها
    الله لا يسامحه
    الله ينتقم
    الله ياخدها
    الله ياخذها
    hur kan en manniska
    hur kan man vara sa
    hur kan hon sova
    hur kan han sova
    hur sover hon
    hur sover han
    how can she sleep
    how can he sleep
    how does she sleep
    how does he sleep
    kugge i maskinen
    kuggar i maskinen
    cog in the machine
    la locket pa
    lade locket pa
    lagger locket pa
    bocken som tradgardsmastare
    vagrar svara
    vagrar att svara
    svarar aldrig
    svara garna
    refuses to answer
    ingen slump
    inte en slump
    knappast en slump
    tror inte pa slumpen
    no coincidence
    trodde ingen skulle
    trodde hon kunde gomma
    trodde han kunde gomma
    thought no one would
    تخاف الله
    بتخاف الله
    يخاف الله
    بيخاف الله
    اتقي الله
    لا تثقوا
    ما تثقوا
    حسبي الله
    hall utkik
    hall ogonen oppna
    watch this space
    stallas till svars
    stalls till svars
    answer for it
    held accountable
    hold her accountable
    hold him accountable
    sta for vad hon gjort
    sta for vad han gjort
    """
)
HOSTILE_SYMBOLS = (
    "😡",
    "🤮",
    "🤬",
    "👹",
    "🐍",
    "💩",
    "🤡",
    "🚨",
    "👇",
    "📌",
    "📍",
    "👀",
    "😤",
    "!!",
)

# The person is the victim of exposure, or speaks for themselves (news about threats against staff,
# a worker's own post), or someone asks others to stop spreading the name ("Sluta sprida hans
# namn, det är livsfarligt"): hostile words there are quoted, not aimed.
VICTIM = phrase_lines(
    """
    blev utpekad
    utpekad som
    pekats ut
    pekades ut
    har hotats
    blev hotad
    hotades
    utsattes for
    utsatts for
    utsatt for
    fatt ta emot hot
    fick ta emot hot
    been threatened
    was threatened
    received threats
    utsatta
    polisanmalt
    polisanmalde
    sakerhetssamordnare
    fatt sin hemadress
    hemadress spridd
    spridd pa natet
    enkat
    det har ar jag
    jag har fatt hora
    hangs ut
    hur folk hanger ut
    folk hanger ut
    vidrigt hur
    ryktena om
    ryktet om
    rykten om
    kidnappningsrykt*
    rumours
    rumors
    bevisar inget
    doesn't prove
    doesnt prove
    blir filmade
    was filmed
    were filmed
    get threats
    fatt hot
    olaga hot
    hoten mot
    hoten han
    hoten hon
    polisen utreder
    reported threats
    threats against
    threats to police
    rapportera kontot
    anmal inlaggen
    anmal inlagget
    anmal kontot
    report the account
    kallas forradare
    called a traitor
    تهديدات ضد
    تهديد ضد
    sluta sprida
    sluta dela
    sluta hanga ut
    sprid inte
    dela inte
    inte hanga ut
    inte okej att hanga ut
    istallet for att hanga ut
    for att hanga ut folk
    dont share
    don't share
    do not share
    stop sharing
    not attacking
    livsfarligt for
    ما تنشروا
    لا تنشروا
    folk som sprider
    de som sprider
    people spreading
    those spreading
    اللي بينشروا
    stop spreading
    quit spreading
    online harassment
    trakasserier
    trakasserad
    speaks out
    trygghetslarm
    overfallslarm
    safety alarm
    death threats
    dodshot
    receiving threats
    police are investigating
    deal with threats
    handle threats
    hanterar hot
    hantera hoten
    malsagande
    doms till
    vittnade
    hotade en socialsekreterare
    """
)

# A veiled or explicit threat beside an identified person (the pipeline's threat model is the main
# signal and arrives as `threat=True`; these phrases catch the common veiled forms on their own).
MENACE = phrase_lines(
    """
    vi vet vem du ar
    vi vet var du bor
    vi vet var hon bor
    vi vet var han bor
    vi hittar dig
    vi hittar henne
    vi hittar honom
    vi kommer .
    vi kommer !
    vi kommer dit
    vi kommer hem
    vi kommer snart
    vi kommer efter
    vi kommer for
    vi kommer och
    vi kommer till dig
    vi kommer till henne
    vi kommer till honom
    vi kommer att hitta
    vi kommer hitta
    du kommer angra
    du kommer att angra
    kommer du angra
    kommer att angra
    du ska fa se
    hon ska fa se
    han ska fa se
    ska fa veta hur det kanns
    ska fa kanna
    se sig om
    se dig om
    hoppas hon sover gott
    hoppas han sover gott
    sov gott
    ni vet vad ni ska gora
    gor vad ni vill med
    gor inget dumt
    karma is coming
    karma kommer
    you will pay
    we know who you are
    we know where you live
    we are coming
    we will find you
    ditt straff
    hennes straff
    din tur
    hennes tur
    ska betala
    kommer betala
    du ar nasta
    ar du nasta
    hon ar nasta
    han ar nasta
    you are next
    you're next
    det ar ett lofte
    that's a promise
    maybe he needs some visitors
    needs some visitors
    behover besok
    akta dig
    akta er
    akta henne
    pass dig
    passa dig
    se upp
    vi glommer inte
    vi glommer aldrig
    vi vet var
    vi vet vem
    du ar dod
    hon ar dod
    han ar dod
    hamnd
    hamnas
    revenge
    watch your back
    be careful
    sleep well
    we will find
    we know where
    we know who
    your time is coming
    hennes tid kommer
    din tid kommer
    det kommer att handa
    ska betala for
    kommer att fa betala
    ska fa betala
    ska fa sota
    kommer fa sota
    vi ses snart
    vi ses utanfor
    vi kommer dit
    tander eld
    tanda eld
    satter eld
    satta eld
    branna ner
    branner ner
    elda upp
    borde gora med henne
    borde gora med honom
    gor med henne vad
    gor med honom vad
    inte langt kvar .
    inte langt kvar ,
    inte langt kvar !
    inte langt kvar nu
    dagar ar raknade
    he will pay
    she will pay
    they will pay
    will pay for what
    gonna pay
    kommer fa sitt straff
    ska fa sitt straff
    kommer att fa sitt straff
    det har ar inte slut
    det ar inte slut .
    det ar inte slut !
    det har ar inte over
    this is not over
    it's not over
    hittar vi andra satt
    hitta dig
    hittar dig
    kommer jag sjalv .
    kommer jag sjalv !
    har folk dar
    har folk pa plats
    bara sa hon vet
    bara sa han vet
    just so she knows
    just so he knows
    سنجدك
    سنجدها
    سننتقم
    الانتقام
    ستندم
    ستدفع
    سيدفع
    انتبهي
    سيأتي يومك
    لن تفلت
    الله يمهل ولا يهمل
    نعرف اين
    نعرف أين
    نحن نعرف
    """
)

# Greeting the worker's family is a classic veiled threat: "hälsa din man", "say hi to your kids".
MENACE += tuple(
    f"{verb} {own} {family}"
    for verb in ("halsa", "halsa till")
    for own in ("din", "dina", "ditt")
    for family in _split(
        "man make fru sambo barn son dotter familj familjen mamma pappa ungar kids sons dottrar"
    )
) + tuple(
    f"say hi to your {family}"
    for family in _split("husband wife kids children son daughter family")
)

# Praise, thanks, quotes, interviews, news, rulings: a name with a role there is fine.
BENIGN = phrase_lines(
    """
    tack*
    podcast*
    podd*
    avsnitt*
    episode
    konferens*
    conference
    presenting
    slides
    مقابلة
    ضيف الحلقة
    ضيف حلقة
    بودكاست
    basta handlaggaren
    basta socialsekreteraren
    en angel
    best social worker
    snallaste
    so kind
    sa snall
    jattesnall
    tacksam*
    berom
    fantastisk*
    underbar*
    hjalpsam*
    hjalpte
    hjalpt
    proffsig*
    professionell*
    omtanksam*
    lyssnade
    bra bemotande
    eldsjal*
    guld
    stottat
    stottande*
    grattis*
    pris
    pension
    thank*
    grateful
    shoutout
    shout out
    heroes
    helped
    intervju*
    berattar
    sager hon
    sager han
    sager till
    sager att
    sade
    sa hon
    sa han
    enligt domen
    enligt beslutet
    enligt tidningen
    enligt kommunen
    enligt rapporten
    uppger
    kommenterar
    forelas*
    forelasning
    forelaste
    presenter*
    medverkar*
    panelsamtal*
    pressmeddelande*
    presstraff
    forvaltningsratt*
    kammarratt*
    hogsta forvaltningsdomstol
    domen*
    domslut*
    domskal*
    beslutet fattades
    undertecknad*
    foredragande*
    hordes som vittne
    vittne
    protokoll*
    kommunalrad*
    riksdagsledamot*
    oppositionsrad*
    ordforande*
    politiker*
    minister*
    valkommen
    valkomna
    oppet hus
    informationskvall
    rekryter*
    vi soker
    tidningen
    lokaltidningen
    reportage*
    artikel*
    says
    faktakoll*
    factcheck*
    fact-check*
    fact check*
    said
    told
    according to
    interview*
    ruling
    court
    shukran
    vid fragor
    for fragor
    har du fragor
    fragor om
    fragor kontakta
    mer information
    kontaktperson
    nas pa
    nas via
    telefontid
    valkommen att
    informationstraff
    anmalan till
    anmalan senast
    anmalan via
    anmalan sker
    anmalan gors
    ingen anmalan
    anmal dig
    vill lyfta
    lyfta fram
    lyfter fram
    vi kommer sakna
    kommer att sakna
    lasa mer
    las mer
    medarbetare
    kollega
    kollegor
    vi pa
    شكرا
    المحكمة*
    الحكم
    للحكم
    granskning visar
    granskningen visar
    enligt granskningen
    enligt en granskning
    i en granskning
    sands live
    sands direkt
    direktsands
    kommunfullmaktige
    sammantrader
    foredras
    jag heter
    mitt namn ar
    my name is
    som socialsekreterare
    som enhetschef
    som handlaggare
    as a social worker
    انا اسمي
    اسمي
    ألف شكر
    الف شكر
    شكر
    valsigne
    forjanar en medalj
    gud valsigne
    allah valsigne
    """
)

# A namesake's everyday life: a business announcing itself ("öppnar salong", "boka tid"), a sales
# ad ("säljer sin Volvo"), a match report ("två mål för ..."). A registry name there, with no role
# beside it, is almost always someone else, and the address and number are the shop's or the
# seller's (see severity).
NAMESAKE = phrase_lines(
    """
    vann
    stolt*
    proud
    tavling*
    somnade in
    har somnat in
    minnesstund*
    begravning*
    passed away
    رحمة الله
    العزاء
    coaching
    sign up
    bandet
    fotograf*
    studio
    bortsprungen
    offert
    rormokare
    vvs
    spelar pa
    konsert
    spelning
    tranaren
    fler spelare
    افتتاح
    مبروك
    bortsprungna
    forsvann
    forsvunnen
    upphittad
    hittelon
    agare
    lost dog
    lost cat
    missing dog
    missing cat
    ضاعت
    ضايع
    oppnar
    nyoppnar
    nyoppnat
    nyoppning
    oppnade
    boka
    bokar
    bokning*
    tidsbokning
    drop-in
    salong*
    frisor*
    frisyr*
    butik*
    erbjudande*
    kampanj*
    rabatt*
    oppettider
    book now
    now open
    grand opening
    salon
    saljer
    saljes
    saljs
    till salu
    kopes
    uthyres
    hyr ut
    besiktigad
    annons*
    for sale
    selling
    matchen
    matchens
    lagkapten*
    hattrick
    malskytt*
    mal for
    gjorde mal
    tva mal
    tre mal
    maklare
    fastighetsmaklare
    real estate
    realtor
    galleri*
    gallery
    exhibition
    utstallning*
    vernissage
    tranare
    tandlakar*
    dentist
    konstnar*
    forfattare
    author
    حلاق
    الحلاق
    صالون
    للحجز
    ledare
    ledarna
    sportchef
    المدرب
    مدرب
    bortamatch
    hemmamatch
    innebandy
    fotbollslag*
    handbollslag*
    coach
    snickare
    f-skatt
    hundtrim*
    klippning
    tappat
    tappad
    upphittaren
    planbok*
    i namnet
    yoga
    yinyoga
    kurs
    kursen
    كورس
    خياطة
    coverband*
    band
    gitarr
    photography
    weddings
    portraits
    halvmaraton
    maraton
    traningstips
    footballer
    fotbollsspelare
    academy
    is not the social worker
    not the same person
    inte samma person
    مطعم
    المطعم
    للطلبات
    للطلب
    حلويات
    طلبات
    just listed
    viewing
    visning
    your agent
    loppis
    deckare
    deckaren
    bygg
    rekommenderar
    henna
    taking bookings
    scouterna
    """
)

# A job ad, a recruitment drive or an invitation: the contact person's number, e-mail and the
# meeting place are given to be used, whether the number is a landline or a work mobile.
INVITATION = phrase_lines(
    """
    vi soker
    soker vi
    nu soker
    drop-in
    drop in
    kom forbi
    rekryter*
    familjehemsrekrytering
    nas pa
    nas mottagningen
    information fran
    foraldrakval*
    radgivningstelefon*
    kommun soker
    kommunen soker
    foretag soker
    soker familjehem
    soker fler familjehem
    soker socialsekreterare
    soker handlaggare
    ansokan
    ansok
    sista ansokningsdag
    tjansten
    lediga tjanster
    oppet hus
    informationskvall
    informationsmote
    informationstraff
    anmalan till
    anmalan senast
    anmalan via
    kontaktperson
    kontakt :
    valkommen
    valkomna
    hiring
    apply now
    to apply
    info evening
    information evening
    open house
    وظيفة
    للاستفسار
    للتسجيل
    تواصل معنا
    تواصلوا مع
    بحضور
    ورشة
    اجتماع معلومات
    أمسية
    oppet for alla
    bjuder pa
    fri entre
    free entry
    everyone welcome
    all welcome
    الدعوة عامة
    لقاء مفتوح
    يتواصل مع
    بدها موظفين
    مطلوب موظفين
    vi ses pa
    pa traffen
    لأمسية
    بتدعوكم
    تدعوكم
    يدعوكم
    الاستفسار
    للتواصل
    بحاجة لعائلات
    عم تدور على
    تدور على
    oppen mottagning
    hittar ni oss
    invigning*
    svarar pa fragor
    vill du bli familjehem
    أهلا وسهلا
    اهلا وسهلا
    لقاء للأهالي
    أهلا بالكل
    اهلا بالكل
    nasta traff
    foraldraforeningen
    hade besok av
    """
)

# Words that tie an address to a home.
HOME = phrase_lines(
    """
    bor
    boende
    hem
    hemma
    hemadress
    adress
    adressen
    huset
    villa
    radhus
    lagenhet
    lgh
    flyttat
    folkbokford
    ratsit
    mrkoll
    hitta.se
    merinfo
    lives
    home
    address
    عنوان
    تسكن
    يسكن
    """
)
# The poster's own details or an ad ("ring mig", "säljes"), not the worker's.
OWN = phrase_lines(
    """
    ring mig
    min telefon
    mitt nummer
    mitt nr
    kontakta mig
    na mig
    sms:a mig
    smsa mig
    sms till
    mejla mig
    maila mig
    skriv till mig
    min mail
    min mejl
    min adress
    hor av dig
    saljes
    uthyres
    kopes
    till salu
    pris
    hamtas
    bortsprungen
    upphittad
    hittad katt
    call me
    text me
    sms mig
    كلموني
    راسلوني
    """
)
PHONE_OFFICIAL = _split(
    """
    vaxel vxl kontaktcenter kundtjanst servicecenter telefontid socialjour jour radgivning
    upplysning reception stodlinje hjalplinje bris switchboard helpline mottagning mottagningen
    kontor kontoret kommun kommunen stad staden kontaktcenter مكتب البلدية
    """
)


_PREFIX_SETS: list[PhraseSet] = []
_WORD_SETS: dict[str, tuple[int, ...]] = {}  # word -> ids of the phrase sets with a prefix of it


def _prefix_hits(post: Post) -> dict[int, list[str]]:
    """For one post, every phrase set's words matched by prefix (one cached lookup per word)."""
    hits: dict[int, list[str]] = {}
    cache = _WORD_SETS
    for word in post.word_set:
        ids = cache.get(word)
        if ids is None:
            ids = tuple(s.id for s in _PREFIX_SETS if s.prefixes and word.startswith(s.prefixes))
            if len(cache) > 200_000:
                cache.clear()
            cache[word] = ids
        for i in ids:
            hits.setdefault(i, []).append(word)
    return hits


class PhraseSet:
    """Phrases found by token, not by scanning: much faster than one big regex in Python.

    A phrase is a run of folded tokens ("hon heter", "kom ihåg"); a single word ending in '*' is a
    prefix ("kidnapp*" matches "kidnappade", "barntjuv*" matches "barntjuven").
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.by_head: dict[str, list[tuple[str, ...]]] = {}
        prefixes = []
        for phrase in phrases:
            folded = fold(phrase)
            tokens = tuple(TOKEN_RE.findall(folded.rstrip("*")))
            if not tokens:
                continue
            if folded.endswith("*") and len(tokens) == 1:
                prefixes.append(tokens[0])
            else:
                self.by_head.setdefault(tokens[0], []).append(tokens)
        self.heads = frozenset(self.by_head)
        self.prefixes = tuple(sorted(set(prefixes)))
        self.id = len(_PREFIX_SETS)
        _PREFIX_SETS.append(self)

    def _prefixed(self, post: Post) -> list[str]:
        """The post's words that start with one of this set's prefixes."""
        return post.prefix_hits(_prefix_hits).get(self.id, [])

    def find(self, post: Post, start: int = 0, end: int | None = None) -> list[int]:
        """Character offsets where a phrase starts (optionally only within [start, end))."""
        words = post.words
        found: list[int] = []
        for head in self.heads & post.word_set:
            for i in post.positions(head):
                for phrase in self.by_head[head]:
                    n = len(phrase)
                    if n == 1 or tuple(words[i : i + n]) == phrase:
                        found.append(post.starts[i])
                        break
        for word in self._prefixed(post):
            found.extend(post.starts[i] for i in post.positions(word))
        if end is not None or start:
            stop = len(post.folded) if end is None else end
            found = [f for f in found if start <= f < stop]
        return found

    def search(self, post: Post) -> bool:
        words = post.words
        for head in self.heads & post.word_set:
            for i in post.positions(head):
                for phrase in self.by_head[head]:
                    if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                        return True
        return bool(self._prefixed(post))


HOSTILE_STRONG_SET = PhraseSet(HOSTILE_STRONG)
HOSTILE_SOFT_SET = PhraseSet(HOSTILE_SOFT)
BENIGN_SET = PhraseSet(BENIGN)
OWN_SET = PhraseSet(OWN)
VICTIM_SET = PhraseSet(VICTIM)
NAMESAKE_SET = PhraseSet(NAMESAKE)
INVITATION_SET = PhraseSet(INVITATION)
HOME_SET = PhraseSet(tuple(h if " " in h or "." in h else h + "*" for h in HOME))
# A prefix-factored alternation with no look-behind at its start lets `re` skip ahead by first
# character; the word boundary before the match is checked by hand (half the time of the plain
# alternation on ordinary posts).
ROLE_PHRASE_RE = re.compile(
    r"(?:" + trie_regex(sorted({" ".join(p) for p in ROLE_PHRASES})) + r")(?!\w)"
)


def mentions_social_services(post: Post) -> bool:
    """A role or workplace word anywhere in the post, not only beside a name."""
    return any(is_role_word(word) for word in post.word_set) or has_role_phrase(post.folded)


def has_role_phrase(folded: str) -> bool:
    """True if a multi-word role or unit ("barn och unga", "social worker") occurs as words."""
    for match in ROLE_PHRASE_RE.finditer(folded):
        start = match.start()
        if start == 0 or not (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            return True
    return False
