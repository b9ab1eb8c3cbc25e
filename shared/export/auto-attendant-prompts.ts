/**
 * The text-to-speech prompts a new auto attendant starts with, in its language (auto-attendant-locale.ts):
 * the directory search (with "press 0 for the operator" where the site has one) and the closed greetings
 * (after hours, public holidays), and the greeting of a call queue's shared voicemail. Teams reads a prompt in
 * the attendant's voice, so English text in an Italian attendant sounds wrong to every caller; these are
 * placeholders until the PBX's own greetings are recorded, but in the callers' language. A language not
 * listed gets English.
 */

export interface AutoAttendantPrompts {
  /** The directory search: by name, or by name or extension. */
  menu: string;
  /** The same, with "press 0 for the operator" after it (an operator is set). */
  menuWithOperator: string;
  /** Before the directory search outside business hours. */
  closed: string;
  /** Before the directory search on a public holiday. */
  holiday: string;
}

interface Wording {
  byName: string;
  byNameOrExtension: string;
  /** A sentence after the menu prompt when "0" reaches the operator. */
  operator: string;
  closed: string;
  holiday: string;
  /** A call queue's shared voicemail greeting. */
  voicemail: string;
}

/** By the language part of the attendant's language id ("it" of "it-IT"). */
const BY_LANGUAGE: Record<string, Wording> = {
  en: {
    byName: 'Please enter the name of the person you are calling.',
    byNameOrExtension: 'Please enter the name or the extension of the person you are calling.',
    operator: 'To reach the operator, press 0.',
    closed: 'Thank you for calling. Our office is closed now.',
    holiday: 'Thank you for calling. Our office is closed today for a public holiday.',
    voicemail: 'Sorry, no one can take your call right now. Please leave a message after the tone.',
  },
  de: {
    byName: 'Bitte nennen Sie den Namen der Person, die Sie anrufen möchten.',
    byNameOrExtension: 'Bitte nennen Sie den Namen oder die Durchwahl der Person, die Sie anrufen möchten.',
    operator: 'Für die Zentrale drücken Sie die 0.',
    closed: 'Vielen Dank für Ihren Anruf. Unser Büro ist zurzeit geschlossen.',
    holiday: 'Vielen Dank für Ihren Anruf. Unser Büro ist heute wegen eines Feiertags geschlossen.',
    voicemail: 'Leider ist im Moment niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.',
  },
  fr: {
    byName: 'Veuillez indiquer le nom de la personne que vous souhaitez joindre.',
    byNameOrExtension: 'Veuillez indiquer le nom ou le numéro de poste de la personne que vous souhaitez joindre.',
    operator: 'Pour joindre le standard, tapez 0.',
    closed: 'Merci de votre appel. Nos bureaux sont actuellement fermés.',
    holiday: "Merci de votre appel. Nos bureaux sont fermés aujourd'hui en raison d'un jour férié.",
    voicemail: 'Nous ne pouvons pas prendre votre appel pour le moment. Veuillez laisser un message après le bip.',
  },
  nl: {
    byName: 'Geef de naam op van de persoon die u wilt bereiken.',
    byNameOrExtension: 'Geef de naam of het toestelnummer op van de persoon die u wilt bereiken.',
    operator: 'Voor de receptie, toets 0.',
    closed: 'Bedankt voor uw oproep. Ons kantoor is nu gesloten.',
    holiday: 'Bedankt voor uw oproep. Ons kantoor is vandaag gesloten vanwege een feestdag.',
    voicemail: 'Er is op dit moment helaas niemand bereikbaar. Spreek na de toon een bericht in.',
  },
  it: {
    byName: 'Indichi il nome della persona che desidera chiamare.',
    byNameOrExtension: "Indichi il nome o l'interno della persona che desidera chiamare.",
    operator: 'Per parlare con il centralino, prema 0.',
    closed: 'Grazie per aver chiamato. I nostri uffici sono attualmente chiusi.',
    holiday: 'Grazie per aver chiamato. Oggi i nostri uffici sono chiusi per festività.',
    voicemail: 'Al momento nessuno può rispondere alla sua chiamata. La preghiamo di lasciare un messaggio dopo il segnale acustico.',
  },
  es: {
    byName: 'Indique el nombre de la persona con la que desea hablar.',
    byNameOrExtension: 'Indique el nombre o la extensión de la persona con la que desea hablar.',
    operator: 'Para hablar con la centralita, pulse 0.',
    closed: 'Gracias por su llamada. Nuestra oficina está cerrada en este momento.',
    holiday: 'Gracias por su llamada. Nuestra oficina está cerrada hoy por ser día festivo.',
    voicemail: 'En este momento no podemos atender su llamada. Por favor, deje un mensaje después de la señal.',
  },
  pt: {
    byName: 'Informe o nome da pessoa com quem deseja falar.',
    byNameOrExtension: 'Informe o nome ou o ramal da pessoa com quem deseja falar.',
    operator: 'Para falar com a telefonista, digite 0.',
    closed: 'Obrigado por ligar. Nosso escritório está fechado no momento.',
    holiday: 'Obrigado por ligar. Nosso escritório está fechado hoje devido a um feriado.',
    voicemail: 'No momento, ninguém pode atender a sua chamada. Por favor, deixe uma mensagem após o sinal.',
  },
  sv: {
    byName: 'Ange namnet på den person du söker.',
    byNameOrExtension: 'Ange namnet eller anknytningen till den person du söker.',
    operator: 'Tryck 0 för växeln.',
    closed: 'Tack för ditt samtal. Vårt kontor är stängt just nu.',
    holiday: 'Tack för ditt samtal. Vårt kontor är stängt i dag på grund av en helgdag.',
    voicemail: 'Tyvärr kan ingen ta ditt samtal just nu. Lämna ett meddelande efter tonen.',
  },
  da: {
    byName: 'Angiv navnet på den person, du ringer til.',
    byNameOrExtension: 'Angiv navnet eller lokalnummeret på den person, du ringer til.',
    operator: 'Tryk 0 for omstillingen.',
    closed: 'Tak for dit opkald. Vores kontor er lukket nu.',
    holiday: 'Tak for dit opkald. Vores kontor er lukket i dag på grund af en helligdag.',
    voicemail: 'Der er desværre ingen, der kan tage dit opkald lige nu. Læg venligst en besked efter tonen.',
  },
  pl: {
    byName: 'Proszę podać nazwisko osoby, do której Państwo dzwonią.',
    byNameOrExtension: 'Proszę podać nazwisko lub numer wewnętrzny osoby, do której Państwo dzwonią.',
    operator: 'Aby połączyć się z centralą, proszę nacisnąć 0.',
    closed: 'Dziękujemy za telefon. Nasze biuro jest teraz zamknięte.',
    holiday: 'Dziękujemy za telefon. Nasze biuro jest dziś zamknięte z powodu święta.',
    voicemail: 'Niestety nikt nie może teraz odebrać połączenia. Prosimy zostawić wiadomość po sygnale.',
  },
  ja: {
    byName: 'おつなぎする方のお名前をおっしゃってください。',
    byNameOrExtension: 'おつなぎする方のお名前または内線番号をおっしゃってください。',
    operator: '受付におつなぎする場合は0を押してください。',
    closed: 'お電話ありがとうございます。ただいま営業時間外です。',
    holiday: 'お電話ありがとうございます。本日は祝日のため休業しております。',
    voicemail: 'ただいま電話に出ることができません。発信音のあとにメッセージをお残しください。',
  },
};

/** The attendant's starting prompts in its language; `byExtension`: its directory search takes extensions too. */
export function autoAttendantPrompts(languageId: string, byExtension: boolean): AutoAttendantPrompts {
  const wording = BY_LANGUAGE[languageId.slice(0, 2).toLowerCase()] ?? BY_LANGUAGE.en;
  const menu = byExtension ? wording.byNameOrExtension : wording.byName;
  // Japanese runs its sentences together; the others take a space.
  const join = /[。]$/.test(menu) ? '' : ' ';
  return { menu, menuWithOperator: `${menu}${join}${wording.operator}`, closed: wording.closed, holiday: wording.holiday };
}

/** The languages with prompts of their own (the rest get English). */
export const PROMPT_LANGUAGES = Object.keys(BY_LANGUAGE);

/** The greeting a call queue's shared voicemail starts with, in the queue's language (English where none is listed). */
export function queueVoicemailPrompt(languageId: string): string {
  return (BY_LANGUAGE[languageId.slice(0, 2).toLowerCase()] ?? BY_LANGUAGE.en).voicemail;
}
