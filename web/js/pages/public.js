import { currentUser } from '../api.js';
import { setMain } from '../ui.js';

export function home() {
  const user = currentUser();
  setMain(`
    <section class="hero">
      <h1>Профессиональное обучение в регионе — в одном месте</h1>
      <p>Программы повышения квалификации, переподготовки и профессионального обучения от колледжей и учебных центров
        региона. Найдите программу, подайте заявку и следите за ней и за расписанием занятий в личном кабинете.</p>
      <form class="row" role="search" id="home-search">
        <label class="sr-only" for="home-q">Поиск программ</label><input id="home-q" name="q"
          placeholder="Например: сварщик, Python, повышение квалификации">
        <button class="btn" type="submit">Найти программу</button></form>
      <p>${user ? '<a class="btn" href="#/cabinet">Перейти в личный кабинет</a>'
        : '<a class="btn" href="#/register">Зарегистрироваться</a>'}</p>
    </section>
    <div class="grid">
      <div class="card"><h2>Гражданам</h2><p>Выбирайте программы, подавайте заявки, следите за расписанием
        занятий.</p>
        <a href="#/register">Регистрация обучающегося</a></div>
      <div class="card"><h2>Образовательным организациям</h2><p>Публикуйте программы, формируйте группы, ведите
        расписание и электронный журнал.</p>
        <a href="#/register/organization">Регистрация организации</a></div>
      <div class="card"><h2>Работодателям</h2><p>Записывайте сотрудников на обучение списком из Excel и заказывайте
        новые программы у колледжей.</p>
        <a href="#/register/organization">Регистрация работодателя</a></div>
    </div>`, 'Главная');
  // a listener, not an onsubmit attribute: the Content-Security-Policy runs no inline script
  document.getElementById('home-search').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#/catalog?q=' + encodeURIComponent(e.currentTarget.q.value);
  });
}

export function about() {
  setMain(`<h1>О платформе</h1><div
    class="card"><p>Цифровая платформа Центра опережающей профессиональной подготовки объединяет граждан,
    образовательные организации, работодателей и органы власти региона. Все данные доступны другим системам через
    <a href="/docs">открытый API</a>.</p></div>`, 'О платформе');
}
